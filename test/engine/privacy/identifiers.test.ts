import { describe, expect, it } from 'vitest';
import { detectIdentifierColumns, identifierKind } from '../../../engine/privacy/identifiers.js';
import { CANONICAL_TABLES, TABLES } from '../../../engine/schema.js';

describe('identifier column detection', () => {
  it.each([
    ['patient_id', 'source-id'],
    ['PatientID', 'source-id'],
    ['mrn', 'source-id'],
    ['Fallnummer', 'source-id'],
    ['Vorname', 'name'],
    ['Nachname', 'name'],
    ['patientenNachname', 'name'],
    ['firstName', 'name'],
    ['last_name', 'name'],
    ['patient_name', 'name'],
    ['Name', 'name'],
    ['Strasse', 'address'],
    ['Straße', 'address'],
    ['Hausnr', 'address'],
    ['PLZ', 'address'],
    ['postal_code', 'address'],
    ['Ort', 'address'],
    ['city', 'address'],
    ['Telefon', 'phone'],
    ['phone_mobile', 'phone'],
    ['E-Mail', 'email'],
    ['email', 'email'],
    ['Versichertennummer', 'insurance'],
    ['KVNR', 'insurance'],
    ['insurance_no', 'insurance'],
    ['Geburtsdatum', 'birth-date'],
    ['date_of_birth', 'birth-date'],
    ['DOB', 'birth-date'],
    ['birthDate', 'birth-date'],
    // German and English names seen in hospital exports (case-, diacritic- and separator-insensitive)
    ['Patienten-ID', 'source-id'],
    ['patienten_id', 'source-id'],
    ['PATIENTEN ID', 'source-id'],
    ['Patient', 'source-id'],
    ['patient', 'source-id'],
    ['Pat-Nr.', 'source-id'],
    ['ID', 'source-id'],
    ['KIS-ID', 'source-id'],
    ['Aufnahmenummer', 'source-id'],
    ['KV-Nummer', 'insurance'],
    ['kv_nr', 'insurance'],
    ['Versichertennummer', 'insurance'],
    ['Versicherten-Nr', 'insurance'],
    ['eGK', 'insurance'],
    ['SV-Nummer', 'insurance'],
    ['IBAN', 'insurance'],
    ['Handynummer', 'phone'],
    ['Mobilnummer', 'phone'],
    ['Telefon', 'phone'],
    ['Tel.', 'phone'],
    ['Rufnummer', 'phone'],
    ['geboren', 'birth-date'],
    ['Geboren am', 'birth-date'],
    ['geb.', 'birth-date'],
    ['Geb-Datum', 'birth-date'],
    ['Geburtsdatum', 'birth-date'],
    ['GEBURTSDATUM', 'birth-date'],
    ['Geburtstag', 'birth-date'],
    ['Wohnsitz', 'address'],
    ['Anschrift', 'address'],
    ['Wohnort', 'address'],
    ['Geburtsort', 'address'],
    ['Straße_Hausnummer', 'address'],
    ['Patientenname', 'name'],
    ['Prénom', 'name'],
    ['Nom', 'name'],
    ['E-Mail-Adresse', 'email'],
    ['Mailadresse', 'email'],
  ])('flags %s as %s', (column, kind) => {
    expect(identifierKind(column)).toBe(kind);
  });

  it('never flags canonical columns or ordinary clinical columns', () => {
    const canonical = CANONICAL_TABLES.flatMap((t) => TABLES[t].columns.map((c) => c.name));
    expect(detectIdentifierColumns(canonical)).toEqual([]);
    expect(detectIdentifierColumns(['ER_status', 'tumor_size', 'edss', 'gleason', 'psa_ng_ml', 'therapy_start', 'sex_code', 'icd10', 'hospital', 'visit_type', 'report', 'sort_order', 'cell_count', 'tumour_site', 'stop_reason_text', 'Diagnose', 'Befund', 'Therapiebeginn', 'Station'])).toEqual([]);
  });

  it('lists flagged columns in source order', () => {
    expect(detectIdentifierColumns(['patient_id', 'sex', 'Vorname', 'Geburtsdatum'])).toEqual([
      { column: 'patient_id', kind: 'source-id' },
      { column: 'Vorname', kind: 'name' },
      { column: 'Geburtsdatum', kind: 'birth-date' },
    ]);
  });
});
