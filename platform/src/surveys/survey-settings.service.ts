import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { requireStepUp } from '../access';
import { AuditService } from '../audit';
import { ConsentClock } from '../consents';
import { inTransaction } from '../database';
import { Invalid } from '../errors';
import { requireContext } from '../request-context';
import { defaultMinimumAudience, minimumAudienceCeiling, minimumAudienceFloor } from './survey-definition';

/** The bank's survey settings as staff see them. */
export interface SurveySettingsRecord {
  /** The fewest respondents a question and each answer bucket need before staff see their figures. */
  minimumAudience: number;
  /** True while the bank uses the platform's default. */
  isDefault: boolean;
}

/**
 * The bank's privacy floor on survey results (Seam D): read by `SurveysService.results` and by staff;
 * changed by the bank administrator with step-up (it decides how much staff may learn about small groups
 * of customers), audited. Current bank only (request or `runAsTenant`).
 */
@Injectable()
export class SurveySettingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly clock: ConsentClock,
  ) {}

  /** The stored setting, or the default when the bank has none. */
  async settings(): Promise<SurveySettingsRecord> {
    return inTransaction(this.em, async (em) => {
      const [row] = await em.execute<{ minimum_audience: number }[]>(
        'select minimum_audience from survey_settings where tenant_id = ?',
        [tenantId()],
      );
      return row
        ? { minimumAudience: Number(row.minimum_audience), isDefault: false }
        : { minimumAudience: defaultMinimumAudience, isDefault: true };
    });
  }

  /**
   * Sets the minimum audience (step-up): a whole number from the floor (5) to 1000. INVALID naming the
   * field otherwise (nothing changed). Audited (`survey-settings.update`, from → to).
   */
  async update(input: { minimumAudience: number }): Promise<SurveySettingsRecord> {
    requireStepUp('change survey settings');
    const { minimumAudience } = input;
    if (
      !Number.isInteger(minimumAudience) ||
      minimumAudience < minimumAudienceFloor ||
      minimumAudience > minimumAudienceCeiling
    ) {
      throw Invalid.fields([
        {
          field: 'input.minimumAudience',
          problem: `must be a whole number from ${minimumAudienceFloor} to ${minimumAudienceCeiling}: fewer respondents than ${minimumAudienceFloor} could single a customer out`,
        },
      ]);
    }
    return inTransaction(this.em, async (em) => {
      const before = await this.settings();
      await em.execute(
        `insert into survey_settings (tenant_id, minimum_audience, updated_at) values (?, ?, ?)
         on conflict (tenant_id) do update
           set minimum_audience = excluded.minimum_audience, updated_at = excluded.updated_at`,
        [tenantId(), minimumAudience, this.clock.now()],
      );
      await this.audit.record({
        action: 'survey-settings.update',
        resourceType: 'tenant',
        resourceId: tenantId(),
        changes: { minimumAudience: { from: before.minimumAudience, to: minimumAudience } },
      });
      return { minimumAudience, isDefault: false };
    });
  }
}

/** The current bank (requests and `runAsTenant` both set it). */
function tenantId(): string {
  return requireContext().tenant!.id;
}
