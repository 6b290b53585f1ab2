/** The file driver lands with its own issue; this package builds so the workspace is whole. */
export const FILE_DRIVER_PENDING = true;
