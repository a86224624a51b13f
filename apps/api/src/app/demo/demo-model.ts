/** The model the demo data is about. */
export const DEMO_MODEL = 'stress-detector';
/** The version in production at the end of the demo's history; its datasets and drift report belong to it. */
export const DEMO_PRODUCTION_VERSION = '1.1.0';
/** The actor the demo data's audit trails name (stage history, uploads, reports). */
export const DEMO_ACTOR = 'demo-seed';
