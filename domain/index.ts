export * from './accounts';
export * from './reasons';
export * from './errors';
