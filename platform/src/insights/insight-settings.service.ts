import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { requireStepUp } from '../access';
import { AuditService } from '../audit';
import { ConsentClock } from '../consents';
import { inTransaction } from '../database';
import { Invalid } from '../errors';
import { PluginsService } from '../plugins';
import { requireContext } from '../request-context';
import { defaultNotifyThreshold } from './relevance';

/** The bank's insight settings as staff see them. */
export interface InsightSettingsRecord {
  notifyThreshold: number;
  kinds: { kind: string; description: string; pluginId: string; enabled: boolean }[];
  isDefault: boolean;
}

/** Engagement with one kind of insight created in a window (counts of insights). */
export interface KindEngagementRow {
  kind: string;
  generated: number;
  shown: number;
  opened: number;
  dismissed: number;
  acted: number;
  thumbsUp: number;
  thumbsDown: number;
  /** Shown insights with any response besides being shown. */
  responded: number;
}

/** The stored settings row, or the defaults. */
export interface StoredInsightSettings {
  notifyThreshold: number;
  disabledKinds: ReadonlySet<string>;
  isDefault: boolean;
}

const defaultEngagementDays = 90;

/**
 * The bank's insight settings (its notification threshold and which kinds are on) and its customers'
 * engagement with each kind, for staff (Seam A). Changing the settings needs step-up (they decide what
 * every customer is told, like the recommendation settings) and is audited. Also read by generation
 * (`InsightsService`) for the threshold and the kinds turned off. Current bank only (request or
 * `runAsTenant`).
 */
@Injectable()
export class InsightSettingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly plugins: PluginsService,
    private readonly audit: AuditService,
    private readonly clock: ConsentClock,
  ) {}

  /** The stored settings (threshold and disabled kinds), or the defaults when the bank has none. */
  async stored(): Promise<StoredInsightSettings> {
    return inTransaction(this.em, async (em) => {
      const [row] = await em.execute<{ notify_threshold: number; disabled_kinds: string[] }[]>(
        'select notify_threshold, disabled_kinds from insight_settings where tenant_id = ?',
        [tenantId()],
      );
      return row
        ? {
            // Stored as `real`: rounded back to the decimal the administrator typed.
            notifyThreshold: Number(row.notify_threshold.toFixed(6)),
            disabledKinds: new Set(row.disabled_kinds),
            isDefault: false,
          }
        : { notifyThreshold: defaultNotifyThreshold, disabledKinds: new Set<string>(), isDefault: true };
    });
  }

  /** The threshold and every kind the bank's enabled insight generators declare, each on or off. */
  async settings(): Promise<InsightSettingsRecord> {
    return inTransaction(this.em, async () => {
      const stored = await this.stored();
      return {
        notifyThreshold: stored.notifyThreshold,
        kinds: (await this.declaredKinds()).map((kind) => ({
          ...kind,
          enabled: !stored.disabledKinds.has(kind.kind),
        })),
        isDefault: stored.isDefault,
      };
    });
  }

  /**
   * Changes the bank's settings (step-up): `notifyThreshold` 0-1, and switches kinds its generators declare
   * on or off; what is omitted is kept. INVALID with every problem named (nothing changed) for a threshold
   * out of range, an unknown kind or one listed twice. Audited (`insight-settings.update`, from → to).
   */
  async update(input: {
    notifyThreshold?: number | null;
    kinds?: readonly { kind: string; enabled: boolean }[] | null;
  }): Promise<InsightSettingsRecord> {
    requireStepUp('change insight settings');
    return inTransaction(this.em, async (em) => {
      const declared = new Set((await this.declaredKinds()).map((kind) => kind.kind));
      const problems: { field: string; problem: string }[] = [];
      const threshold = input.notifyThreshold ?? null;
      if (threshold !== null && !(Number.isFinite(threshold) && threshold >= 0 && threshold <= 1)) {
        problems.push({ field: 'notifyThreshold', problem: 'must be a number from 0 to 1' });
      }
      const seen = new Set<string>();
      for (const [index, { kind }] of (input.kinds ?? []).entries()) {
        if (!declared.has(kind)) {
          problems.push({
            field: `kinds[${index}].kind`,
            problem: 'is not a kind of the bank’s enabled insight generators (see insightSettings.kinds)',
          });
        } else if (seen.has(kind)) {
          problems.push({ field: `kinds[${index}].kind`, problem: 'is listed twice; list each kind once' });
        }
        seen.add(kind);
      }
      if (problems.length > 0) throw Invalid.fields(problems);
      const before = await this.stored();
      const disabled = new Set(before.disabledKinds);
      for (const { kind, enabled } of input.kinds ?? []) {
        if (enabled) disabled.delete(kind);
        else disabled.add(kind);
      }
      const after = {
        notifyThreshold: threshold ?? before.notifyThreshold,
        disabledKinds: [...disabled].sort(),
      };
      await em.execute(
        `insert into insight_settings (tenant_id, notify_threshold, disabled_kinds, updated_at)
         values (?, ?, ?::text[], ?)
         on conflict (tenant_id) do update
           set notify_threshold = excluded.notify_threshold, disabled_kinds = excluded.disabled_kinds,
               updated_at = excluded.updated_at`,
        [tenantId(), after.notifyThreshold, `{${after.disabledKinds.join(',')}}`, this.clock.now()],
      );
      await this.audit.record({
        action: 'insight-settings.update',
        resourceType: 'tenant',
        resourceId: tenantId(),
        changes: {
          notifyThreshold: { from: before.notifyThreshold, to: after.notifyThreshold },
          disabledKinds: { from: [...before.disabledKinds].sort(), to: after.disabledKinds },
        },
      });
      return this.settings();
    });
  }

  /**
   * Engagement with insights created in `[from, to)` (default: the last 90 days), per kind: how many were
   * generated, shown, opened, dismissed, acted on, rated up or down. Counts only; no customer is named.
   */
  async engagement(window: { from?: Date | null; to?: Date | null }): Promise<KindEngagementRow[]> {
    const to = window.to ?? this.clock.now();
    const from = window.from ?? new Date(to.getTime() - defaultEngagementDays * 86_400_000);
    if (!(from.getTime() < to.getTime())) {
      throw Invalid.fields([{ field: 'from', problem: 'must be before `to`' }]);
    }
    return inTransaction(this.em, async (em) => {
      const rows = await em.execute<Record<string, string>[]>(
        `select i.kind,
                count(distinct i.id) as generated,
                count(distinct i.id) filter (where e.outcome = 'shown') as shown,
                count(distinct i.id) filter (where e.outcome = 'opened') as opened,
                count(distinct i.id) filter (where e.outcome = 'dismissed') as dismissed,
                count(distinct i.id) filter (where e.outcome = 'acted') as acted,
                count(distinct i.id) filter (where e.outcome = 'thumbs-up') as thumbs_up,
                count(distinct i.id) filter (where e.outcome = 'thumbs-down') as thumbs_down,
                count(distinct i.id) filter (where e.outcome <> 'shown') as responded
           from insight i
           left join insight_engagement e on e.tenant_id = i.tenant_id and e.insight_id = i.id
          where i.tenant_id = ? and i.created_at >= ? and i.created_at < ?
          group by i.kind
          order by i.kind`,
        [tenantId(), from, to],
      );
      return rows.map((row) => ({
        kind: row.kind!,
        generated: Number(row.generated),
        shown: Number(row.shown),
        opened: Number(row.opened),
        dismissed: Number(row.dismissed),
        acted: Number(row.acted),
        thumbsUp: Number(row.thumbs_up),
        thumbsDown: Number(row.thumbs_down),
        responded: Number(row.responded),
      }));
    });
  }

  /** The kinds the bank's enabled insight generators declare, ordered by kind. */
  private async declaredKinds(): Promise<{ kind: string; description: string; pluginId: string }[]> {
    const enabled = await this.plugins.enabledExtensions('insight-generator');
    return enabled
      .flatMap((generator) =>
        generator.extension.kinds.map((kind) => ({
          kind: kind.kind,
          description: kind.description,
          pluginId: generator.pluginId,
        })),
      )
      .sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  }
}

function tenantId(): string {
  const tenant = requireContext().tenant;
  if (!tenant) throw new Error('Insight settings are per bank: use them in a request or runAsTenant()');
  return tenant.id;
}
