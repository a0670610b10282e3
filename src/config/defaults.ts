/** How long conversations and leads are kept when RETENTION_DAYS is not set; the consent step says the same. */
export const DEFAULT_RETENTION_DAYS = 180;

/** Meta's Graph API with the version Camino was built and tested against (v25.0); a newer one is chosen by setting it. */
export const DEFAULT_WHATSAPP_API_BASE_URL = 'https://graph.facebook.com/v25.0';
