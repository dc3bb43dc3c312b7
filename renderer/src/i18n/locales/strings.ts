/** The shape every other language's namespace must have: the zh-CN keys, each a string. */
export type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
