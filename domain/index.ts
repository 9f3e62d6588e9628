export * from './accounts';
export * from './reasons';
export * from './errors';
export * from './mapping';
export * from './passwords';
export * from './fingerprint';
export * from './templates';
