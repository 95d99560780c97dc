export { AlertEngine, type ArmedAlert, type Crossing, type ObservedQuote } from './engine';
export { ThresholdIndex } from './threshold-index';
export { AlertWriter, type WriteOutcome } from './writer';
export {
  AlertService,
  ALERTS_INTEREST_KEY,
  type AlertMarket,
  type AlertNotification,
  type AlertNotifier,
  type AlertServiceOptions,
} from './service';
export { registerAlertMethods } from './methods';
