// Placeholder: replaced by the real global setup (Temporal dev server, database) in the backbone.
export default function setup(): void {}
