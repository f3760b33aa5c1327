export { createCancelService, type CancelService, type CancelDeps, type CancelHooks, type Cancelled } from './service.ts';
export { cancelRoutes, publicCancelRoutes } from './routes.ts';
export { classCancelledSubscriber } from './subscriber.ts';
