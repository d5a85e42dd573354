import { Migration } from '@mikro-orm/migrations';

/**
 * Erasure requests a compliance officer records for a person who asked another way (letter, branch, phone,
 * e-mail; GDPR Art. 12(2)/17), e.g. a customer the bank imported who has no login:
 * - `received_via`: how the request reached the bank; null for a customer's own request in the app.
 * - `recorded_by`: the login subject of the staff member who recorded it (never exported to the person).
 * - `note_enc`: the officer's note, AES-256-GCM under the customer's data key (shredded by the erasure).
 * Existing rows are the customers' own requests: all three stay null. The table keeps its RLS policy.
 */
export class Migration20261127130000StaffRecordedRequests extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table data_subject_request
        add column received_via text null,
        add column recorded_by  text null,
        add column note_enc     text null,
        add constraint data_subject_request_received_via_known
          check (received_via is null or received_via in ('letter', 'branch', 'phone', 'email')),
        add constraint data_subject_request_recorded_with_channel
          check ((received_via is null) = (recorded_by is null));
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter table data_subject_request
        drop constraint data_subject_request_recorded_with_channel,
        drop constraint data_subject_request_received_via_known,
        drop column note_enc,
        drop column recorded_by,
        drop column received_via;
    `);
  }
}
