/** The Create and Create and Wait form of an asset: the source, then Options. */
import type { INodeProperties } from 'n8n-workflow';
import { secondsField, waitTimeoutField } from '../secondsField';
import { showFor } from './shared';

const show = showFor(['create', 'createAndWait']);
const WAIT_ONLY = { '/operation': ['createAndWait'] };

export const createAssetFields: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'assetSource',
		type: 'options',
		noDataExpression: true,
		default: 'binary',
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description:
					'A file of the input item, of any size the API accepts: sent directly, or in parts above 5 MB',
			},
			{ name: 'URL', value: 'url', description: 'A public link TwelveLabs downloads the file from' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'Input Binary Field',
		name: 'assetBinaryProperty',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file',
		displayOptions: { show: { ...show, assetSource: ['binary'] } },
	},
	{
		displayName: 'URL',
		name: 'assetUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/video.mp4',
		description: 'A direct link to the file (video and audio up to 4 GB, images 32 MB, documents 512 MB)',
		displayOptions: { show: { ...show, assetSource: ['url'] } },
	},
	{
		displayName: 'Options',
		name: 'assetOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Enable HLS',
				name: 'enableHls',
				type: 'boolean',
				default: false,
				description: 'Whether TwelveLabs prepares an HLS stream of a video or audio asset',
			},
			{
				displayName: 'Enable Thumbnail',
				name: 'enableThumbnail',
				type: 'boolean',
				default: false,
				description: 'Whether TwelveLabs makes thumbnail images of the asset',
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				description:
					'The name the asset keeps (1 to 255 characters); by default the binary file\'s name or the URL\'s last part',
			},
			secondsField({
				displayName: 'Poll Interval (Seconds)',
				name: 'pollInterval',
				default: 2,
				minValue: 0.01,
				description: 'Time between two status reads of the assets still processing (grows to 30 s)',
				show: WAIT_ONLY,
			}),
			{
				displayName: 'User Metadata',
				name: 'userMetadata',
				type: 'json',
				default: '{}',
				description:
					'Keys and values to categorize the asset: a JSON object whose values are strings, numbers or booleans',
			},
			waitTimeoutField(
				'How long the whole operation may take, uploads included; assets still processing then fail their items',
				WAIT_ONLY,
			),
		],
	},
];
