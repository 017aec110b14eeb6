import clsx, { type ClassValue } from 'clsx';
export const cn = (...c: ClassValue[]) => clsx(c);
