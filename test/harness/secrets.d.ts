export const API_KEY: string;
export const WRONG_KEY: string;
export const WEBHOOK_SECRET: string;
export function watchOutput(): void;
export function leakedLines(): string[];
export function unexpectedOutput(): string[];
export function loggedLines(): string[];
export function n8nCoreLogger(): { error(message: string): void };
