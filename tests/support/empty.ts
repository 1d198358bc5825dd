// Stands in for the `server-only` package in tests (vitest.config.ts aliases it here).
export {};
