import type { IDataObject } from 'n8n-workflow';

export const VIDEO: string;
export const CREATE_GENERAL: IDataObject;
export function createAndWaitParameters(waitOptions: IDataObject, overrides?: IDataObject): IDataObject;
export function referenceImages(images: IDataObject[]): IDataObject;
