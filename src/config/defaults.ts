/** How long conversations and leads are kept when RETENTION_DAYS is not set; the consent step says the same. */
export const DEFAULT_RETENTION_DAYS = 180;
