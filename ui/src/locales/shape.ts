/** A catalogue's key structure with string leaves: another language typed against it must have exactly these keys. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
