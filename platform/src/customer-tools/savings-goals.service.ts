import type { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { accessibleWhere } from '../access';
import { Account } from '../accounts';
import { AuditService, redactedChanges } from '../audit';
import { FieldEncryptionService } from '../crypto';
import { Conflict, type FieldProblem, Invalid, NotFound } from '../errors';
import { localized, requireContext } from '../request-context';
import { latestBalances } from './latest-balances';
import { findOwnTool, isUuid, ownToolWhere } from './own-rows';
import { type SavingsProgress, savingsProgress } from './progress';
import { SavingsGoal } from './savings-goal.entity';
import {
  checkCurrency,
  checkGoalName,
  checkPositiveAmount,
  checkSignedAmount,
  checkTargetDate,
} from './validation';

/** A savings goal with its name decrypted and its progress today: what the customer reads. */
export interface SavingsGoalRecord {
  id: string;
  name: string;
  targetMinor: bigint;
  currency: string;
  targetDate: string | null;
  /** The linked account; null when progress is the manual contributions. */
  accountId: string | null;
  progressSource: 'LINKED_ACCOUNT' | 'MANUAL';
  progress: SavingsProgress;
  createdAt: Date;
  updatedAt: Date;
}

export interface CreateSavingsGoal {
  name: string;
  targetAmountMinor: string;
  currency: string;
  targetDate?: string | null;
  linkedAccountId?: string | null;
}

/** `undefined`: leave as is; `null` on `targetDate` / `linkedAccountId`: remove it. */
export interface ChangeSavingsGoal {
  name?: string | null;
  targetAmountMinor?: string | null;
  targetDate?: string | null;
  linkedAccountId?: string | null;
}

const clearFields = ['currency', 'linked'];

/**
 * The signed-in customer's savings goals. Progress is the linked account's latest balance — a booked kind
 * first (`booked`, `closing`, then `interim`, `expected`, `available`), the newest of that kind; none yet
 * counts as 0 — or, without a linked account, the manual contributions recorded with `contribute`.
 */
@Injectable()
export class SavingsGoalsService {
  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
    private readonly audit: AuditService,
  ) {}

  /** The caller's goals, oldest first, each with its progress today. */
  async listOwn(today = new Date()): Promise<SavingsGoalRecord[]> {
    const em = this.context();
    const { where } = await ownToolWhere<SavingsGoal>(em, 'read', 'SavingsGoal');
    const rows = await em.find(SavingsGoal, where, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return this.records(rows, today);
  }

  /** INVALID naming every bad field; NOT_FOUND when the linked account is not one of the caller's. */
  async create(input: CreateSavingsGoal, today = new Date()): Promise<SavingsGoalRecord> {
    const problems: FieldProblem[] = [];
    const name = checkGoalName(problems, 'input.name', input.name);
    const target = checkPositiveAmount(problems, 'input.targetAmountMinor', input.targetAmountMinor);
    const currency = checkCurrency(problems, 'input.currency', input.currency);
    const targetDate =
      input.targetDate == null
        ? null
        : checkTargetDate(problems, 'input.targetDate', input.targetDate, today);
    if (problems.length > 0 || name === null || target === null || currency === null) {
      throw Invalid.fields(problems);
    }
    const em = this.context();
    const { customerId } = await ownToolWhere<SavingsGoal>(em, 'read', 'SavingsGoal');
    const accountId =
      input.linkedAccountId == null
        ? null
        : await this.ownAccountIn(input.linkedAccountId, currency, 'input.linkedAccountId');
    const goal = new SavingsGoal();
    const id = randomUUID();
    const [nameEnc] = await this.encryption.encryptForCustomer(customerId, [
      { address: nameAddress(id), plaintext: name },
    ]);
    Object.assign(goal, {
      id,
      tenantId: requireContext().tenant!.id,
      customerId,
      nameEnc: nameEnc!,
      targetAmountMinor: target.toString(),
      currency,
      targetDate,
      accountId,
    });
    em.persist(goal);
    await em.flush();
    await this.audit.record({
      action: 'savings-goal.create',
      resourceType: 'savings-goal',
      resourceId: id,
      changes: redactedChanges(
        { name, targetAmountMinor: target, currency, targetDate, linked: accountId !== null },
        clearFields,
      ),
    });
    return (await this.records([goal], today))[0]!;
  }

  /** Changes one of the caller's goals (see `ChangeSavingsGoal`); NOT_FOUND for any other id. */
  async change(id: string, input: ChangeSavingsGoal, today = new Date()): Promise<SavingsGoalRecord> {
    const problems: FieldProblem[] = [];
    const name = input.name == null ? null : checkGoalName(problems, 'input.name', input.name);
    const target =
      input.targetAmountMinor == null
        ? null
        : checkPositiveAmount(problems, 'input.targetAmountMinor', input.targetAmountMinor);
    const targetDate =
      input.targetDate == null
        ? null
        : checkTargetDate(problems, 'input.targetDate', input.targetDate, today);
    if (problems.length > 0) throw Invalid.fields(problems);
    const em = this.context();
    const goal = await findOwnTool(em, SavingsGoal, 'SavingsGoal', 'update', id, 'savings goal');
    const changed: Record<string, unknown> = {};
    if (input.linkedAccountId !== undefined) {
      const accountId =
        input.linkedAccountId === null
          ? null
          : await this.ownAccountIn(input.linkedAccountId, goal.currency, 'input.linkedAccountId');
      if (accountId !== goal.accountId) {
        goal.accountId = accountId;
        changed.linked = accountId !== null;
      }
    }
    if (name !== null) {
      const [nameEnc] = await this.encryption.encryptForCustomer(goal.customerId, [
        { address: nameAddress(goal.id), plaintext: name },
      ]);
      goal.nameEnc = nameEnc!;
      changed.name = name;
    }
    if (target !== null && target.toString() !== goal.targetAmountMinor) {
      goal.targetAmountMinor = target.toString();
      changed.targetAmountMinor = target;
    }
    if (input.targetDate !== undefined && targetDate !== goal.targetDate) {
      goal.targetDate = targetDate;
      changed.targetDate = targetDate;
    }
    await em.flush();
    await this.audit.record({
      action: 'savings-goal.update',
      resourceType: 'savings-goal',
      resourceId: goal.id,
      changes: redactedChanges(changed, clearFields),
    });
    return (await this.records([goal], today))[0]!;
  }

  /**
   * Records a manual contribution (or, negative, a withdrawal) on a goal without a linked account.
   * CONFLICT on a goal that follows an account (its balance is the progress); INVALID when the total
   * would fall below 0.
   */
  async contribute(id: string, amountMinor: string, today = new Date()): Promise<SavingsGoalRecord> {
    const problems: FieldProblem[] = [];
    const amount = checkSignedAmount(problems, 'amountMinor', amountMinor);
    if (amount === null) throw Invalid.fields(problems);
    const em = this.context();
    const goal = await findOwnTool(em, SavingsGoal, 'SavingsGoal', 'update', id, 'savings goal');
    if (goal.accountId !== null) {
      throw new Conflict(
        localized({
          en: "This goal follows its linked account's balance; unlink the account to record contributions by hand.",
          sl: 'Ta cilj sledi stanju povezanega računa; za ročno beleženje vplačil račun odstranite s cilja.',
        }),
      );
    }
    const total = BigInt(goal.manualSavedMinor) + amount;
    if (total < 0n) {
      throw Invalid.fields([
        {
          field: 'amountMinor',
          problem: localized({
            en: `would take the goal below 0 (saved so far: ${goal.manualSavedMinor})`,
            sl: `bi cilj spravil pod 0 (doslej privarčevano: ${goal.manualSavedMinor})`,
          }),
        },
      ]);
    }
    goal.manualSavedMinor = total.toString();
    await em.flush();
    await this.audit.record({
      action: 'savings-goal.contribute',
      resourceType: 'savings-goal',
      resourceId: goal.id,
      changes: redactedChanges({ amountMinor: amount }),
    });
    return (await this.records([goal], today))[0]!;
  }

  /** Deletes one of the caller's goals and returns it as it was; NOT_FOUND for any other id. */
  async delete(id: string, today = new Date()): Promise<SavingsGoalRecord> {
    const em = this.context();
    const goal = await findOwnTool(em, SavingsGoal, 'SavingsGoal', 'delete', id, 'savings goal');
    const [record] = await this.records([goal], today);
    em.remove(goal);
    await em.flush();
    await this.audit.record({
      action: 'savings-goal.delete',
      resourceType: 'savings-goal',
      resourceId: goal.id,
    });
    return record!;
  }

  /**
   * The id of one of the caller's accounts in `currency`. Another customer's, another bank's, a malformed
   * or nobody's id is NOT_FOUND; an own account in another currency is INVALID on `field`.
   */
  private async ownAccountIn(accountId: string, currency: string, field: string): Promise<string> {
    const em = this.context();
    const visible = (accessibleWhere('read', 'Account') ?? { id: null }) as FilterQuery<Account>;
    const { customerId } = await ownToolWhere<SavingsGoal>(em, 'read', 'SavingsGoal');
    const account = isUuid(accountId)
      ? await em.findOne(Account, { $and: [visible, { customerId, id: accountId }] } as FilterQuery<Account>)
      : null;
    if (!account) throw new NotFound('No account with this id is yours; check the linked account id.');
    if (account.currency !== currency) {
      throw Invalid.fields([
        {
          field,
          problem: localized({
            en: `is an account in ${account.currency}; link an account in the goal's currency (${currency})`,
            sl: `je račun v valuti ${account.currency}; povežite račun v valuti cilja (${currency})`,
          }),
        },
      ]);
    }
    return account.id;
  }

  private async records(goals: readonly SavingsGoal[], today: Date): Promise<SavingsGoalRecord[]> {
    if (goals.length === 0) return [];
    const em = this.context();
    const names = await this.encryption.decryptMany(
      goals.map((goal) => ({ stored: goal.nameEnc, address: nameAddress(goal.id) })),
    );
    const linked = goals.flatMap((goal) => (goal.accountId ? [goal.accountId] : []));
    const balanceOf = await latestBalances(em, requireContext().tenant!.id, linked);
    return goals.map((goal, index) => {
      const balance = goal.accountId ? balanceOf.get(goal.accountId) : undefined;
      // A balance in another currency than the goal's is not progress towards it (linking checks the
      // account's currency; a source reporting another one later is ignored rather than mixed in).
      const saved = goal.accountId
        ? balance && balance.currency === goal.currency
          ? balance.amountMinor
          : 0n
        : BigInt(goal.manualSavedMinor);
      return {
        id: goal.id,
        name: names[index]!,
        targetMinor: BigInt(goal.targetAmountMinor),
        currency: goal.currency,
        targetDate: goal.targetDate,
        accountId: goal.accountId,
        progressSource: goal.accountId ? 'LINKED_ACCOUNT' : 'MANUAL',
        progress: savingsProgress({
          targetMinor: BigInt(goal.targetAmountMinor),
          savedMinor: saved,
          targetDate: goal.targetDate,
          today,
        }),
        createdAt: goal.createdAt,
        updatedAt: goal.updatedAt,
      };
    });
  }

  private context(): EntityManager {
    return this.em.getContext() as EntityManager;
  }
}

function nameAddress(rowId: string) {
  return { table: 'savings_goal', column: 'name_enc', rowId };
}
