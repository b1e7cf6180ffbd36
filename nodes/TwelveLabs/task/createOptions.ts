/**
 * The Options of Create and Create and Wait. An option the user adds starts at the API's own
 * default, or at 0 where "not set" has no number (then nothing is sent), so adding an option
 * never changes the result by itself.
 */
import type { INodeProperties } from 'n8n-workflow';
import { maxTokensRange } from '../createRequest/models';
import { secondsField, waitTimeoutField } from '../secondsField';
import { TIMESTAMP_FORMAT_OPTIONS } from './formChoices';
import { CURRENT_MODELS, LEGACY_MODELS, showOnCreate } from './formDisplay';

const SEGMENTATION = { '/model': CURRENT_MODELS, '/analysisMode': ['time_based_metadata'] };
const WAIT_ONLY = { '/operation': ['createAndWait'] };
const BINARY = { '/videoSource': ['binary'] };

/** Max Tokens, one copy per model and mode so that its default is the API's default there. */
function maxTokensOption(
	model: string,
	mode: string,
	show: Record<string, string[]>,
): INodeProperties {
	const { min, max, defaultValue } = maxTokensRange(model, mode);
	return {
		displayName: 'Max Tokens',
		name: 'maxTokens',
		type: 'number',
		default: defaultValue,
		typeOptions: { minValue: min, maxValue: max, numberPrecision: 0 },
		description: `The longest output to generate: ${min}–${max} here; the API's default is ${defaultValue}`,
		displayOptions: { show },
	};
}

export const createOptions: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showOnCreate(),
		options: [
			secondsField({
				displayName: 'Analyze From (Seconds)',
				name: 'startTime',
				default: 0,
				minValue: 0,
				description: 'Skip the video before this point. 0 starts at the beginning.',
				show: { '/model': CURRENT_MODELS },
			}),
			secondsField({
				displayName: 'Analyze Until (Seconds)',
				name: 'endTime',
				default: 0,
				minValue: 0,
				description:
					'Stop at this point of the video. 0 goes to the end. The analyzed part must be at least 4 s long.',
				show: { '/model': CURRENT_MODELS },
			}),
			{
				displayName: 'Binary Files Over 30 MB',
				name: 'largeBinaryFiles',
				type: 'options',
				default: 'uploadAsAsset',
				description:
					'TwelveLabs takes at most 30 MB inline. What to do with a larger file (up to 10 GB).',
				displayOptions: { show: BINARY },
				options: [
					{
						name: 'Upload as Asset First',
						value: 'uploadAsAsset',
						description:
							'Upload the file to TwelveLabs as an asset (in chunks), wait until it is ready, then analyze it by its asset ID. The asset stays in your account for reuse.',
					},
					{
						name: 'Refuse',
						value: 'refuse',
						description: 'Stop with an error before anything is sent',
					},
				],
			},
			{
				displayName: 'Custom ID',
				name: 'customId',
				type: 'string',
				default: '',
				placeholder: 'e.g. order-1234_clip-2',
				description:
					'Your own reference for the task (1–64 letters, digits, _ or -), echoed in every answer and usable by the trigger',
			},
			secondsField({
				displayName: 'Initial Poll Interval (Seconds)',
				name: 'initialPollInterval',
				default: 2,
				minValue: 0.01,
				description:
					'How soon to look at the tasks first; the interval then grows by half each round',
				show: WAIT_ONLY,
			}),
			secondsField({
				displayName: 'Longest Segment (Seconds)',
				name: 'maxSegmentDuration',
				default: 0,
				minValue: 0,
				description: 'The longest segment to return, at least 2. 0 leaves it to the model.',
				show: SEGMENTATION,
			}),
			maxTokensOption(LEGACY_MODELS[0], 'general', { '/model': LEGACY_MODELS }),
			maxTokensOption(CURRENT_MODELS[0], 'general', {
				'/model': CURRENT_MODELS,
				'/analysisMode': ['general'],
			}),
			maxTokensOption(CURRENT_MODELS[0], 'time_based_metadata', SEGMENTATION),
			secondsField({
				displayName: 'Maximum Poll Interval (Seconds)',
				name: 'maxPollInterval',
				default: 30,
				minValue: 0.01,
				description: 'The longest pause between two looks at the tasks',
				show: WAIT_ONLY,
			}),
			{
				displayName: 'On Timeout',
				name: 'onTimeout',
				type: 'options',
				default: 'fail',
				description: 'What to do with tasks still running when the wait timeout is reached',
				displayOptions: { show: WAIT_ONLY },
				options: [
					{
						name: 'Fail',
						value: 'fail',
						description: 'Stop with an error naming every unfinished task and its last status',
					},
					{
						name: 'Return Unfinished Tasks',
						value: 'returnUnfinished',
						description:
							'Output the unfinished tasks as they are; fetch them later with Get or the trigger',
					},
				],
			},
			{
				displayName: 'Segment Time Format',
				name: 'segmentTimeFormat',
				type: 'options',
				default: 'seconds',
				description: 'How segment start and end times are written',
				displayOptions: { show: SEGMENTATION },
				options: TIMESTAMP_FORMAT_OPTIONS,
			},
			secondsField({
				displayName: 'Shortest Segment (Seconds)',
				name: 'minSegmentDuration',
				default: 0,
				minValue: 0,
				description: 'The shortest segment to return, at least 2. 0 leaves it to the model.',
				show: SEGMENTATION,
			}),
			{
				displayName: 'Temperature',
				name: 'temperature',
				type: 'number',
				default: 0.2,
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				description:
					'Randomness of the output, from 0 (focused) to 1 (creative); the API default is 0.2',
			},
			secondsField({
				displayName: 'Upload Wait Timeout (Seconds)',
				name: 'uploadWaitTimeout',
				default: 1800,
				minValue: 1,
				description:
					'How long a file over 30 MB may take to upload and become ready as an asset before its task is created',
				show: { '/operation': ['create'], ...BINARY },
			}),
			waitTimeoutField(
				'How long the whole operation may take, creating the tasks included. Tasks still running then are handled as On Timeout says.',
				WAIT_ONLY,
			),
		],
	},
];
