import { areaCodeInfo } from '../../platform/normalize/area-codes.ts';

export interface Area {
  areaCode: string | null;
  region: string | null;
}

/** A number's area code and state/province (North America); nulls elsewhere or when unknown. */
export function areaOf(e164: string): Area {
  const info = areaCodeInfo(e164);
  return { areaCode: info?.areaCode ?? null, region: info?.region ?? null };
}
