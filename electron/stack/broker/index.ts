export {
  startPaperBroker,
  type PaperBroker,
  type PaperBrokerOptions,
  type PaperBrokerStats,
  type PriceSource,
} from './broker';
export { fillPrice, type MatchableOrder } from './matching';
export { OrderBook, BrokerOrder, type RestingOrder } from './order-book';
