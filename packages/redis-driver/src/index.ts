/** The redis driver lands with its own issue; this package builds so the workspace is whole. */
export const REDIS_DRIVER_PENDING = true;
