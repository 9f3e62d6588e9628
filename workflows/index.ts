// Every workflow the worker runs. Only deterministic orchestration lives in this folder.
export * from './replicateAccount';
export * from './replicateTree';
export * from './discoverAccounts';
export * from './links';
export * from './moveAccount';
export * from './plans';
