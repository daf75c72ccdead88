/** The path of a Chromium for browser tests and benches (see find-chromium.mjs). */
export function findChromium(): string;
