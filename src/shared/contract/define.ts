import { z } from 'zod'

/** One method of the app: its input and output, validated on both sides of every transport. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I
  output: O
  /** One line for the reader of the contract; not shown to users. */
  summary: string
}

export function method<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  summary: string,
): MethodSpec<I, O> {
  return { input, output, summary }
}

/** The input of a method that takes none (`null` over HTTP is read as none). */
export const noInput = z.undefined()
