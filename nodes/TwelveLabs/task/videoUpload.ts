/**
 * Videos above the 30 MB TwelveLabs takes inline become assets first (Options › Binary Files
 * Over 30 MB): each file is uploaded as the Asset resource's Create does it (in chunks, one
 * file at a time: asset/create.ts), all are waited for together until ready
 * (asset/waitForAssets.ts), and each task body then points at its asset. Create and Create and
 * Wait run this between checking every item and creating the tasks.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { TransportContext } from '../api/transport';
import type { CreateTaskBody } from '../api/types';
import { createOneAsset } from '../asset/create';
import { fileSourceOf } from '../asset/fileSource';
import { unreadyAssetError } from '../asset/shared';
import { planUpload } from '../asset/uploadRules';
import { waitForAssets } from '../asset/waitForAssets';
import { LABELS } from '../createRequest/checks';
import type { CreateInput } from '../createRequest/input';
import { programmaticRequestOptions, toNodeError } from './shared';

/** An item whose video is still to be uploaded; its body's video is set once the asset is ready. */
export interface VideoUpload {
	itemIndex: number;
	propertyName: string;
	body: CreateTaskBody;
}

/** The upload an item needs, if its video is a file above the inline limit. */
export function videoUploadOf(
	input: CreateInput,
	body: CreateTaskBody,
	itemIndex: number,
): VideoUpload | undefined {
	if (input.video.source !== 'upload') return undefined;
	return { itemIndex, propertyName: input.video.propertyName, body };
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Uploads every video, waits until each asset is ready (within `deadline`), and points each
 * body at its asset. Returns the error of each item that could not be uploaded or whose asset
 * is not ready; those items' bodies are left as they were.
 */
export async function uploadVideos(
	context: IExecuteFunctions,
	transport: TransportContext,
	uploads: VideoUpload[],
	options: { deadline: number; initialIntervalMs: number; timeoutName: string },
): Promise<Map<number, Error>> {
	const errors = new Map<number, Error>();
	const assetIds = new Map<number, string>();
	const extra = programmaticRequestOptions(context);
	// One at a time: each is a large file (memory, bandwidth, the account's rate limit).
	for (const upload of uploads) {
		if (context.getExecutionCancelSignal()?.aborted) break;
		try {
			const file = await fileSourceOf(context, upload.itemIndex, LABELS.binary, upload.propertyName);
			const plan = planUpload(LABELS.binary, file, 'video');
			context.logger.info(
				`TwelveLabs: the video of item ${upload.itemIndex} (${megabytes(file.size)}) is above the 30 MB sent inline; uploading it as an asset first`,
			);
			const asset = await createOneAsset(
				context,
				{ ...transport, itemIndex: upload.itemIndex },
				{ source: 'binary', file, plan, fields: {} },
				extra,
			);
			assetIds.set(upload.itemIndex, asset._id);
		} catch (error) {
			errors.set(upload.itemIndex, toNodeError(context.getNode(), error, upload.itemIndex));
		}
	}
	const outcomes = await waitForAssets(transport, [...assetIds.values()], {
		deadline: options.deadline,
		initialIntervalMs: options.initialIntervalMs,
		signal: context.getExecutionCancelSignal(),
	});
	for (const upload of uploads) {
		const assetId = assetIds.get(upload.itemIndex);
		if (assetId === undefined) {
			if (!errors.has(upload.itemIndex))
				errors.set(
					upload.itemIndex,
					new NodeOperationError(
						context.getNode(),
						'The execution was cancelled before this video was uploaded',
						{ itemIndex: upload.itemIndex },
					),
				);
			continue;
		}
		const error = unreadyAssetError(
			context.getNode(),
			assetId,
			outcomes.get(assetId) ?? { kind: 'timeout' },
			upload.itemIndex,
			{
				name: options.timeoutName,
				fix: `analyze it later with Video Source "Asset ID" and the ID ${assetId} instead of uploading the file again, or raise Options › ${options.timeoutName}.`,
			},
		);
		if (error) errors.set(upload.itemIndex, error);
		else upload.body.video = { type: 'asset_id', asset_id: assetId };
	}
	return errors;
}
