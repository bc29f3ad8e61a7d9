import fc from 'fast-check';

/**
 * Any text of code points, a lone surrogate half included: what `fc.string({ unit: 'binary' })`
 * gives, drawn as often from ASCII and the rest of the Basic Multilingual Plane (accented Latin,
 * combining marks, other scripts, U+D800–U+DFFF alone) as from the planes above it. fast-check's
 * own `binary` unit takes about a second to set up in each test worker.
 */
export const anyText = (constraints: { maxLength?: number } = {}) =>
  fc.string({
    ...constraints,
    unit: fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xffff }), fc.integer({ min: 0x10000, max: 0x10ffff })).map((code) => String.fromCodePoint(code)),
  });
