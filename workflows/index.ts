// Every workflow the worker runs. Only deterministic orchestration lives in this folder.
export * from './replicateAccount';
