/**
 * True when two types accept exactly the same values. Where a model is a TypeScript interface and its
 * documented JSON Schema comes from a zod schema written beside it, `true satisfies SameShape<z.infer<...>, Model>`
 * makes the build fail as soon as the two drift apart.
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
