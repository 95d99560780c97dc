export { ChartService, DEFAULT_SPAN_DAYS } from './chart-service';
export type { ChartFeed, ChartServiceOptions, ChartStats } from './chart-service';
export { registerChartMethods } from './methods';
export { fetchCandles, UNAVAILABLE } from './history-client';
export { mergeSeries, joinBucket, replaceStretch } from './merge';
export { MinuteSeries, candleTickOf } from './minute-series';
