/**
 * Integers out of a Buffer without Buffer#readUInt*'s argument checks, which cost as much as the
 * read itself at a million records. The caller has checked that the bytes are there.
 */
export const u16be = (b: Buffer, o: number): number => (b[o] << 8) | b[o + 1];
export const u32be = (b: Buffer, o: number): number => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
export const u32le = (b: Buffer, o: number): number => ((b[o + 3] << 24) | (b[o + 2] << 16) | (b[o + 1] << 8) | b[o]) >>> 0;
export const i32be = (b: Buffer, o: number): number => (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
