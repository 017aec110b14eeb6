import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/http/errors.ts';
import { countryCode, parseAmount, splitFullName, splitPhones, splitTags } from '../engine/values.ts';
import { autoMap, detectSource, mergeMapping, validateMapping } from './auto-map.ts';
import { SYNONYMS } from './synonyms.ts';

describe('autoMap and detectSource on real export headers', () => {
  it('HubSpot: Lead Status is the stage, Lifecycle Stage stays out, owner and record id map', () => {
    const h = ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Mobile Phone Number', 'Company Name', 'Job Title', 'Lifecycle Stage', 'Lead Status', 'Contact owner', 'State/Region', 'Country/Region', 'Create Date'];
    expect(detectSource(h)).toBe('hubspot');
    expect(autoMap(h)).toEqual({
      'Record ID': 'externalId', 'First Name': 'firstName', 'Last Name': 'lastName', Email: 'email', 'Phone Number': 'phone', 'Mobile Phone Number': 'mobile',
      'Company Name': 'name', 'Job Title': 'title', 'Lifecycle Stage': 'ignore', 'Lead Status': 'stage', 'Contact owner': 'ownerEmail',
      'State/Region': 'region', 'Country/Region': 'country', 'Create Date': 'ignore',
    });
  });

  it('Salesforce leads and contacts', () => {
    const leads = ['Salutation', 'First Name', 'Last Name', 'Title', 'Company', 'Email', 'Phone', 'Mobile', 'Lead Source', 'Lead Status', 'Lead Owner', 'Street', 'City', 'State/Province', 'Zip/Postal Code', 'Country', 'Industry', 'Lead ID'];
    expect(detectSource(leads)).toBe('salesforce');
    expect(autoMap(leads)).toMatchObject({ Company: 'name', 'Lead Source': 'source', 'Lead Status': 'stage', 'Lead Owner': 'ownerEmail', 'State/Province': 'region', 'Zip/Postal Code': 'postalCode', Industry: 'segment', 'Lead ID': 'externalId', Salutation: 'ignore' });
    const contacts = ['Contact ID', 'Account ID', 'Account Name', 'First Name', 'Last Name', 'Mailing Street', 'Mailing City', 'Mailing State/Province', 'Mailing Zip/Postal Code', 'Mailing Country'];
    expect(detectSource(contacts)).toBe('salesforce');
    // the account's id identifies the lead; the contact's id is the runner-up
    expect(autoMap(contacts)).toMatchObject({ 'Account ID': 'externalId', 'Contact ID': 'ignore', 'Account Name': 'name', 'Mailing City': 'city', 'Mailing Zip/Postal Code': 'postalCode' });
  });

  it('Close, in UI and API export shapes', () => {
    const ui = ['Lead Name', 'Status', 'Contact Name', 'Contact Email', 'Contact Phone', 'URL', 'Description'];
    expect(detectSource(ui)).toBe('close');
    expect(autoMap(ui)).toEqual({ 'Lead Name': 'name', Status: 'stage', 'Contact Name': 'fullName', 'Contact Email': 'email', 'Contact Phone': 'phone', URL: 'website', Description: 'facts' });
    const api = ['id', 'display_name', 'status_label', 'html_url', 'primary_contact_name', 'primary_contact_primary_email', 'primary_contact_primary_phone'];
    expect(detectSource(api)).toBe('close');
    expect(autoMap(api)).toEqual({ id: 'externalId', display_name: 'name', status_label: 'stage', html_url: 'ignore', primary_contact_name: 'fullName', primary_contact_primary_email: 'email', primary_contact_primary_phone: 'phone' });
  });

  it('Pipedrive entity-prefixed columns', () => {
    const h = ['Person - Name', 'Person - Email - Work', 'Person - Email - Home', 'Person - Phone - Work', 'Person - Phone - Mobile', 'Organization - Name', 'Deal - Stage', 'Deal - Value', 'Person - Labels', 'Organization - Address'];
    expect(detectSource(h)).toBe('pipedrive');
    expect(autoMap(h)).toEqual({
      'Person - Name': 'fullName', 'Person - Email - Work': 'email', 'Person - Email - Home': 'email2', 'Person - Phone - Work': 'phone', 'Person - Phone - Mobile': 'mobile',
      'Organization - Name': 'name', 'Deal - Stage': 'stage', 'Deal - Value': 'value', 'Person - Labels': 'tags', 'Organization - Address': 'address',
    });
  });

  it('plain and German sheets; unknown columns are ignored; several email columns all count', () => {
    const h = ['Firma', 'Vorname', 'Nachname', 'E-Mail', 'Telefon', 'PLZ', 'Ort', 'Work Email', 'Favourite colour', 'E-mail 1 - Value'];
    expect(detectSource(h)).toBe('generic');
    expect(autoMap(h)).toEqual({ Firma: 'name', Vorname: 'firstName', Nachname: 'lastName', 'E-Mail': 'email', Telefon: 'phone', PLZ: 'postalCode', Ort: 'city', 'Work Email': 'email', 'Favourite colour': 'ignore', 'E-mail 1 - Value': 'email' });
    expect(autoMap(['Name', 'Company', 'Email'])).toEqual({ Name: 'fullName', Company: 'name', Email: 'email' });
  });

  it('no header name is a synonym of two fields', () => {
    const seen = new Map<string, string>();
    for (const [field, names] of Object.entries(SYNONYMS)) {
      for (const n of names) {
        expect(seen.get(n), `${n} is listed for ${seen.get(n)} and ${field}`).toBeUndefined();
        seen.set(n, field);
      }
    }
  });
});

describe('saved mappings and validation', () => {
  it('a saved mapping wins for its columns, new columns are auto-mapped, conflicts fall back to ignore', () => {
    const headers = ['Email', 'Company', 'Segment X', 'Phone'];
    const saved = { Email: 'email', 'Segment X': 'custom:segment_x', Company: 'ignore', Gone: 'name', Phone: 'not-a-field' };
    expect(mergeMapping(headers, saved)).toEqual({ mapping: { Email: 'email', Company: 'ignore', 'Segment X': 'custom:segment_x', Phone: 'phone' }, origin: 'saved' });
    expect(mergeMapping(headers, null).origin).toBe('auto');
  });

  it('refuses unknown columns, a single field mapped twice and mappings with nothing to identify a lead', () => {
    const headers = ['A', 'B', 'C'];
    const fields = (m: Record<string, string>) => {
      try {
        validateMapping(headers, m as never);
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        return (err as AppError).fields;
      }
      return null;
    };
    expect(fields({ A: 'email', Z: 'phone' })).toEqual({ 'mapping.Z': 'This column is not in the file.' });
    expect(fields({ A: 'name', B: 'name', C: 'email' })).toEqual({ 'mapping.B': '"Company / account name" is already mapped from column "A".' });
    expect(fields({ A: 'email', B: 'email', C: 'custom:x' })).toBeNull(); // emails may come from several columns
    expect(fields({ A: 'custom:x', B: 'custom:x' })).toMatchObject({ 'mapping.B': expect.stringContaining('already mapped') });
    expect(fields({ A: 'city', B: 'ignore' })).toEqual({ mapping: expect.stringContaining('at least one column') });
    expect(validateMapping(headers, { A: 'email' })).toEqual({ A: 'email', B: 'ignore', C: 'ignore' });
  });
});

describe('value parsing', () => {
  it.each([
    ['1250', 1250], ['$1,234.50', 1234.5], ['1.234,50 €', 1234.5], ['EUR 1 200', 1200], ['(300)', -300], ['-12,5', -12.5],
    ['1,500', 1500], ['1.234.567', 1234567], ['3.000,00', 3000], ['0.1', 0.1],
  ])('amount %s → %s', (raw, value) => {
    expect(parseAmount(raw)).toEqual({ ok: true, value });
  });

  it.each(['n/a', 'abc', '1.2.3', '12-13', '1e999', '9999999999999'])('amount %s is refused', (raw) => {
    expect(parseAmount(raw).ok).toBe(false);
  });

  it('splits names, tags, phone lists and resolves countries', () => {
    expect(splitFullName('Dr. Jane Q. Doe')).toEqual({ firstName: 'Jane Q.', lastName: 'Doe' });
    expect(splitFullName('Doe, Jane')).toEqual({ firstName: 'Jane', lastName: 'Doe' });
    expect(splitFullName('Cher')).toEqual({ firstName: 'Cher', lastName: '' });
    expect(splitTags(['vip; Trade Show | q3', 'VIP,new'])).toEqual(['vip', 'Trade Show', 'q3', 'new']);
    expect(splitPhones('020 7946 0958 / +44 7911 123456; (415) 555-2671')).toEqual(['020 7946 0958', '+44 7911 123456', '(415) 555-2671']);
    expect(splitPhones('0171/1234567')).toEqual(['0171/1234567']);
    expect(['United Kingdom', 'UK', 'gb', 'Deutschland', 'Germany', 'United States', 'USA', 'Österreich', 'Nowhere'].map(countryCode)).toEqual(['GB', 'GB', 'GB', 'DE', 'DE', 'US', 'US', 'AT', null]);
  });
});
