/** The trigger's tunables and one poll's settings (trigger/settings.ts). */
import {
	ALL_EVENTS,
	clockAllowanceMs,
	DEFAULT_OVERLAP_MS,
	filterKeyOf,
	resolveSettings,
} from '../../../nodes/TwelveLabs/trigger/settings';

describe('clockAllowanceMs', () => {
	/** 15 s: a quarter of the overlap (settings.ts says why). */
	const allowance = 15_000;

	it('keeps the allowance within the overlap (capping lower only re-reads more)', () => {
		expect(clockAllowanceMs(DEFAULT_OVERLAP_MS)).toBe(allowance);
		expect(allowance).toBeLessThanOrEqual(DEFAULT_OVERLAP_MS / 2);
	});
});

describe('resolveSettings', () => {
	it('sends the server filters, applies the prefix itself, and keys the baseline by all four', () => {
		const settings = resolveSettings({
			now: 1_000_000,
			filters: {
				analysisMode: 'time_based_metadata',
				assetId: 'asset-1',
				videoUrl: '',
				customIdPrefix: 'batch-',
			},
		});
		expect(settings.serverQuery).toEqual({
			analysis_mode: 'time_based_metadata',
			asset_id: 'asset-1',
		});
		expect(settings.customIdPrefix).toBe('batch-');
		expect(settings.filterKey).toBe('["time_based_metadata","asset-1",null,"batch-"]');
		expect(
			filterKeyOf({
				customIdPrefix: 'batch-',
				analysisMode: 'time_based_metadata',
				assetId: 'asset-1',
			}),
		).toBe(settings.filterKey);
		expect(settings.latestWatermark).toBe(1_000_000 + 15_000);
		expect(settings.events).toEqual(ALL_EVENTS);
	});

	it('keeps the page size within 1..50 and the overlap at 0 or more', () => {
		expect(resolveSettings({}).pageLimit).toBe(50);
		expect(resolveSettings({ pageLimit: 500 }).pageLimit).toBe(50);
		expect(resolveSettings({ pageLimit: 0 }).pageLimit).toBe(50);
		expect(resolveSettings({ pageLimit: -3 }).pageLimit).toBe(1);
		expect(resolveSettings({ pageLimit: 7.9 }).pageLimit).toBe(7);
		expect(resolveSettings({ overlapMs: -5 }).overlapMs).toBe(0);
		expect(resolveSettings({}).overlapMs).toBe(DEFAULT_OVERLAP_MS);
		expect(resolveSettings({}).latestWatermark).toBe(Number.POSITIVE_INFINITY);
	});

	it('takes a 404 in the usual error shapes as a deletion unless told otherwise', () => {
		const settings = resolveSettings({});
		expect(settings.isNotFound({ httpCode: '404' })).toBe(true);
		expect(settings.isNotFound({ httpCode: '500' })).toBe(false);
		expect(resolveSettings({ isNotFound: () => true }).isNotFound(new Error('x'))).toBe(true);
	});
});
