import type { ImportFieldKey } from '@flywheel/contracts';

/** Header text → comparable key: lower-case ASCII letters and digits only ("E-Mail" → "email"). */
export function normalizeHeader(h: string): string {
  return h.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/ß/g, 'ss').replace(/[^a-z0-9]/g, '');
}

/**
 * Header names seen in real exports, normalized, best first: when two columns of one file match
 * the same single-valued field, the one listed earlier wins (HubSpot's "Lead Status" is the sales
 * stage; its "Lifecycle Stage" is marketing's). HubSpot, Salesforce, Close (UI and API exports),
 * Pipedrive ("Person - Email - Work"), plain sheets, and the German headers of DACH customers.
 */
export const SYNONYMS: Record<ImportFieldKey, string[]> = {
  name: ['company', 'companyname', 'accountname', 'leadname', 'organizationname', 'organisationname', 'organization', 'organisation',
    'account', 'business', 'businessname', 'displayname', 'associatedcompany', 'dealorganization', 'dealorganizationname', 'firma', 'unternehmen', 'firmenname'],
  stage: ['stage', 'pipelinestage', 'dealstage', 'leadstatus', 'status', 'statuslabel', 'leadstatuslabel', 'lifecyclestage', 'dealstatus', 'phase'],
  ownerEmail: ['owneremail', 'owner', 'contactowner', 'leadowner', 'accountowner', 'dealowner', 'ownername', 'hubspotowner', 'salesrep',
    'assignedto', 'userassigned', 'personowner', 'organizationowner', 'leaduser', 'besitzer', 'verantwortlich'],
  source: ['source', 'leadsource', 'originalsource', 'sourcetype', 'channel', 'personsourcechannel', 'dealsourcechannel', 'quelle'],
  segment: ['segment', 'industry', 'vertical', 'organizationindustry', 'branche'],
  leadType: ['leadtype', 'type', 'accounttype', 'companytype'],
  tags: ['tags', 'tag', 'labels', 'label', 'personlabels', 'personlabel', 'organizationlabels', 'organizationlabel', 'deallabels', 'deallabel', 'lists'],
  value: ['value', 'dealvalue', 'amount', 'dealamount', 'opportunityamount', 'expectedvalue', 'leadvalue', 'wert'],
  website: ['website', 'websiteurl', 'url', 'web', 'homepage', 'domain', 'companydomainname', 'companywebsite', 'organizationwebsite', 'webseite'],
  address: ['address', 'streetaddress', 'street', 'address1', 'addressline1', 'addressstreet', 'mailingstreet', 'billingstreet', 'street1',
    'organizationaddress', 'organizationstreet', 'organizationaddressstreet', 'strasse', 'adresse', 'anschrift'],
  city: ['city', 'town', 'mailingcity', 'billingcity', 'addresscity', 'organizationcity', 'organizationaddresscity', 'locality', 'ort', 'stadt'],
  region: ['state', 'stateregion', 'region', 'province', 'stateprovince', 'county', 'mailingstate', 'mailingstateprovince', 'billingstate',
    'billingstateprovince', 'addressstate', 'organizationstate', 'organizationaddressstate', 'bundesland'],
  postalCode: ['postalcode', 'zip', 'zipcode', 'postcode', 'zippostalcode', 'mailingzip', 'mailingpostalcode', 'mailingzippostalcode',
    'billingzip', 'billingpostalcode', 'billingzippostalcode', 'addresszip', 'organizationzip', 'organizationpostalcode', 'plz', 'postleitzahl'],
  country: ['country', 'countryregion', 'mailingcountry', 'billingcountry', 'addresscountry', 'organizationcountry', 'land'],
  facts: ['notes', 'note', 'description', 'comments', 'comment', 'facts', 'accountfacts', 'about', 'notiz', 'notizen', 'bemerkung', 'beschreibung'],
  externalId: ['externalid', 'recordid', 'accountid', 'leadid', 'organizationid', 'dealid', 'id', 'contactid', 'personid', 'crmid'],
  firstName: ['firstname', 'first', 'givenname', 'forename', 'personfirstname', 'contactfirstname', 'vorname'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'personlastname', 'contactlastname', 'nachname', 'familienname'],
  fullName: ['fullname', 'name', 'contactname', 'personname', 'primarycontactname', 'contact', 'person', 'contactfullname', 'ansprechpartner'],
  title: ['title', 'jobtitle', 'position', 'role', 'jobrole', 'contacttitle', 'primarycontacttitle', 'persontitle', 'personjobtitle', 'funktion'],
  email: ['email', 'emailaddress', 'mail', 'workemail', 'businessemail', 'contactemail', 'contactemails', 'primaryemail', 'personemail',
    'personemailwork', 'primarycontactprimaryemail', 'primarycontactemail', 'email1', 'emailadresse'],
  email2: ['email2', 'secondaryemail', 'otheremail', 'personalemail', 'homeemail', 'alternateemail', 'additionalemail', 'personemailhome',
    'personemailother', 'emailhome', 'emailother'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'workphone', 'businessphone', 'officephone', 'contactphone', 'contactphones', 'primaryphone',
    'personphone', 'personphonework', 'primarycontactprimaryphone', 'primarycontactphone', 'phone1', 'companyphone', 'organizationphone', 'telefon',
    'telefonnummer'],
  mobile: ['mobile', 'mobilephone', 'mobilephonenumber', 'cell', 'cellphone', 'mobilenumber', 'personphonemobile', 'phonemobile', 'handy', 'mobil',
    'mobiltelefon'],
  phone2: ['phone2', 'otherphone', 'homephone', 'alternatephone', 'additionalphone', 'personphonehome', 'personphoneother', 'phonehome', 'phoneother',
  ],
};

/** Fallback when no synonym matches exactly: columns that clearly hold emails or phones. */
export function guessByContent(normalized: string): ImportFieldKey | null {
  if (/email|emailaddress/.test(normalized)) return 'email';
  if (/mobile|cell/.test(normalized)) return 'mobile';
  if (/phone|telephone/.test(normalized)) return 'phone';
  return null;
}
