/** Larger JSON bodies answer 413: nothing a client sends legitimately comes near it. */
export const JSON_BODY_LIMIT = '100kb';
