import type { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { featureVocabulary } from '@finpersona/plugin-sdk';
import { accessibleWhere } from '../access';
import { AuditService, redactedChanges } from '../audit';
import { BehaviourService } from '../behaviour';
import { Consent, ConsentClock, isConsentLive } from '../consents';
import { FieldEncryptionService } from '../crypto';
import { callerCustomerId } from '../customers';
import { Conflict, type FieldProblem, Invalid, NotFound } from '../errors';
import { requireContext } from '../request-context';
import {
  type AnswerInput,
  type AudienceInput,
  checkAnswers,
  checkAudience,
  checkQuestions,
  checkTitle,
  checkWindow,
  type QuestionInput,
  type QuestionResult,
  questionResults,
  type SurveyAudience,
  withinThresholds,
} from './survey-definition';
import { SurveySettingsService } from './survey-settings.service';
import { Survey, SurveyResponse } from './survey.entities';

export interface SurveyInput {
  title: string;
  questions: QuestionInput[];
  audience: AudienceInput;
  opensAt?: Date | null;
  closesAt?: Date | null;
}

export interface SurveyResults {
  survey: Survey;
  responses: number;
  /** Customers asked: those in the audience now, plus respondents who no longer are. */
  audience: number;
  /** responses / audience; null with an empty audience. */
  responseRate: number | null;
  /** The bank's minimum audience in force: figures of fewer respondents are hidden (Seam D). */
  minimumAudience: number;
  /** Free-text answers are counted only (`answered`): their words are never shown to staff. */
  questions: QuestionResult[];
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Vocabulary names, with `<category>` / `<product-type>` parts as patterns. */
const featurePatterns = Object.keys(featureVocabulary).map(
  (name) => new RegExp(`^${name.replace(/\./g, '\\.').replace(/<[a-z-]+>/g, '[a-z0-9-]+')}$`),
);
const isFeatureName = (name: string) => featurePatterns.some((pattern) => pattern.test(name));

/**
 * The bank's in-app surveys (staff: define, version, publish, close, read results) and customers' answers
 * (the surveys open to them, one answer per version), for the bank of the request context. See "Surveys"
 * in the platform README for the rules (immutability, audience, results without free text).
 */
@Injectable()
export class SurveysService {
  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
    private readonly audit: AuditService,
    private readonly behaviour: BehaviourService,
    private readonly clock: ConsentClock,
    private readonly settings: SurveySettingsService,
  ) {}

  /** Every version of the bank's surveys, newest first. */
  async list(): Promise<Survey[]> {
    return this.context().find(Survey, this.visible('read'), {
      orderBy: { createdAt: 'desc', version: 'desc', id: 'desc' },
    });
  }

  /** A new survey (draft, version 1); INVALID naming every bad field. */
  async create(input: SurveyInput): Promise<Survey> {
    const checked = this.checkInput(input);
    const { principal, tenant } = requireContext();
    const survey = new Survey();
    Object.assign(survey, {
      tenantId: tenant!.id,
      seriesId: survey.id,
      version: 1,
      ...checked,
      createdBy: principal!.subject,
    });
    const em = this.context();
    em.persist(survey);
    await em.flush();
    await this.audit.record({
      action: 'survey.create',
      resourceType: 'survey',
      resourceId: survey.id,
      changes: auditedDefinition(survey),
    });
    return survey;
  }

  /** Replaces a draft's definition; CONFLICT once published or closed (make a new version instead). */
  async update(id: string, input: SurveyInput): Promise<Survey> {
    const checked = this.checkInput(input);
    const survey = await this.find(id, 'update');
    if (survey.status !== 'draft') {
      throw new Conflict(
        'This survey version is published or closed and its questions cannot change; create a new version (createSurveyVersion) and edit that.',
      );
    }
    Object.assign(survey, checked);
    await this.context().flush();
    await this.audit.record({
      action: 'survey.update',
      resourceType: 'survey',
      resourceId: survey.id,
      changes: auditedDefinition(survey),
    });
    return survey;
  }

  /**
   * Publishes a draft: customers in its audience see it while its window is open. The series' version
   * published before is closed (one live version per survey). CONFLICT unless a draft; INVALID when its
   * window has already ended.
   */
  async publish(id: string): Promise<Survey> {
    const survey = await this.find(id, 'update');
    if (survey.status !== 'draft') {
      throw new Conflict('Only a draft can be published; this version is already published or closed.');
    }
    const now = this.clock.now();
    if (survey.closesAt && survey.closesAt.getTime() <= now.getTime()) {
      throw Invalid.fields([
        { field: 'id', problem: 'names a survey whose window has ended; set a later closesAt' },
      ]);
    }
    const em = this.context();
    const previous = await em.find(Survey, {
      $and: [this.visible('update'), { seriesId: survey.seriesId, status: 'published' }],
    } as FilterQuery<Survey>);
    for (const older of previous) Object.assign(older, { status: 'closed', closedAt: now });
    Object.assign(survey, { status: 'published', publishedAt: now });
    await em.flush();
    await this.audit.record({
      action: 'survey.publish',
      resourceType: 'survey',
      resourceId: survey.id,
      changes: { version: survey.version, closedVersions: previous.map((older) => older.version) },
    });
    return survey;
  }

  /** Closes a published version: no more answers. CONFLICT unless published. */
  async close(id: string): Promise<Survey> {
    const survey = await this.find(id, 'update');
    if (survey.status !== 'published') {
      throw new Conflict('Only a published survey can be closed; this version is a draft or already closed.');
    }
    Object.assign(survey, { status: 'closed', closedAt: this.clock.now() });
    await this.context().flush();
    await this.audit.record({ action: 'survey.close', resourceType: 'survey', resourceId: survey.id });
    return survey;
  }

  /**
   * A new draft version of a survey, copying the newest version's definition (to edit and publish in its
   * place). CONFLICT when the survey already has a draft version.
   */
  async createVersion(id: string): Promise<Survey> {
    const base = await this.find(id, 'update');
    const em = this.context();
    const versions = await em.find(
      Survey,
      { $and: [this.visible('update'), { seriesId: base.seriesId }] } as FilterQuery<Survey>,
      { orderBy: { version: 'desc' } },
    );
    if (versions.some((version) => version.status === 'draft')) {
      throw new Conflict('This survey already has a draft version; edit and publish that one.');
    }
    const newest = versions[0]!;
    const draft = new Survey();
    Object.assign(draft, {
      tenantId: newest.tenantId,
      seriesId: newest.seriesId,
      version: newest.version + 1,
      title: newest.title,
      questions: newest.questions,
      audience: newest.audience,
      opensAt: newest.opensAt,
      closesAt: newest.closesAt,
      createdBy: requireContext().principal!.subject,
    });
    em.persist(draft);
    await em.flush();
    await this.audit.record({
      action: 'survey.version',
      resourceType: 'survey',
      resourceId: draft.id,
      changes: { seriesId: draft.seriesId, version: draft.version },
    });
    return draft;
  }

  /**
   * Per-question figures and the response rate of one version (aggregates only; free text counted), each
   * figure of fewer respondents than the bank's minimum audience hidden (`questionResults`).
   */
  async results(id: string): Promise<SurveyResults> {
    const survey = await this.find(id, 'read');
    const responses = await this.context().find(
      SurveyResponse,
      { tenantId: survey.tenantId, surveyId: survey.id },
      { fields: ['customerId', 'answers'] },
    );
    const inAudience = new Set(await this.audienceOf(survey.audience, this.clock.now()));
    for (const response of responses) inAudience.add(response.customerId);
    const { minimumAudience } = await this.settings.settings();
    return {
      survey,
      responses: responses.length,
      audience: inAudience.size,
      responseRate: inAudience.size === 0 ? null : responses.length / inAudience.size,
      minimumAudience,
      questions: questionResults(
        survey.questions,
        responses.map((response) => response.answers),
        minimumAudience,
      ),
    };
  }

  /** The published surveys open to the signed-in customer now, in their audience, not yet answered. */
  async openToCaller(): Promise<Survey[]> {
    const em = this.context();
    const customerId = await callerCustomerId(em);
    return this.openTo(customerId, this.clock.now());
  }

  /**
   * Stores the signed-in customer's answer. NOT_FOUND unless the survey is open to them; INVALID naming
   * every bad answer; CONFLICT when they answered this version already. Free text is encrypted under their
   * key; nothing is written unless every check passes.
   */
  async answer(surveyId: string, input: readonly AnswerInput[]): Promise<SurveyResponse> {
    const em = this.context();
    const customerId = await callerCustomerId(em);
    const now = this.clock.now();
    const survey = uuid.test(surveyId)
      ? await em.findOne(Survey, this.whereVisible('read', { id: surveyId }))
      : null;
    if (!survey || !(await this.isOpenTo(survey, customerId, now, { ignoreAnswered: true }))) {
      throw new NotFound('No survey with this id is open to you; check the id (it may have closed).');
    }
    if (await em.count(SurveyResponse, { tenantId: survey.tenantId, surveyId, customerId })) {
      throw new Conflict('You have already answered this survey.');
    }
    const problems: FieldProblem[] = [];
    const checked = checkAnswers(problems, 'input.answers', survey.questions, input);
    if (!checked) throw Invalid.fields(problems);
    const response = new SurveyResponse();
    const texts = Object.keys(checked.texts);
    const [freeTextEnc] =
      texts.length === 0
        ? [null]
        : await this.encryption.encryptForCustomer(customerId, [
            { address: freeTextAddress(response.id), plaintext: JSON.stringify(checked.texts) },
          ]);
    Object.assign(response, {
      tenantId: survey.tenantId,
      surveyId: survey.id,
      customerId,
      answers: checked.answers,
      freeTextEnc: freeTextEnc ?? null,
    });
    em.persist(response);
    await em.flush();
    await this.audit.record({
      action: 'survey.answer',
      resourceType: 'survey-response',
      resourceId: response.id,
      // Which questions were answered, never the answers' words.
      changes: redactedChanges({
        surveyId: survey.id,
        answered: checked.answers.map((answer) => answer.questionId),
        freeText: texts.length > 0,
      }),
    });
    return response;
  }

  private async openTo(customerId: string, now: Date): Promise<Survey[]> {
    const em = this.context();
    const published = await em.find(Survey, this.whereVisible('read', { status: 'published' }), {
      orderBy: { publishedAt: 'desc', id: 'desc' },
    });
    const open: Survey[] = [];
    for (const survey of published) {
      if (await this.isOpenTo(survey, customerId, now)) open.push(survey);
    }
    return open;
  }

  private async isOpenTo(
    survey: Survey,
    customerId: string,
    now: Date,
    options: { ignoreAnswered?: boolean } = {},
  ): Promise<boolean> {
    if (survey.status !== 'published') return false;
    if (survey.opensAt && survey.opensAt.getTime() > now.getTime()) return false;
    if (survey.closesAt && survey.closesAt.getTime() <= now.getTime()) return false;
    const em = this.context();
    if (
      !options.ignoreAnswered &&
      (await em.count(SurveyResponse, { tenantId: survey.tenantId, surveyId: survey.id, customerId })) > 0
    ) {
      return false;
    }
    return (await this.audienceOf(survey.audience, now, [customerId])).length === 1;
  }

  /** The customers (of `among`, or all) with a live consent for the purpose and within the thresholds. */
  private async audienceOf(
    audience: SurveyAudience,
    now: Date,
    among?: readonly string[],
  ): Promise<string[]> {
    const em = this.context();
    const tenantId = requireContext().tenant!.id;
    const consents = await em.find(
      Consent,
      {
        tenantId,
        purpose: audience.consentPurpose,
        ...(among ? { customerId: { $in: [...among] } } : {}),
      },
      { orderBy: { grantedAt: 'desc', id: 'desc' } },
    );
    // A customer's newest consent for the purpose decides (as for recommendations).
    const newest = new Map<string, Consent>();
    for (const consent of consents)
      if (!newest.has(consent.customerId)) newest.set(consent.customerId, consent);
    const live = [...newest.values()]
      .filter((consent) => isConsentLive(consent, now))
      .map((consent) => consent.customerId)
      .sort();
    if (audience.featureThresholds.length === 0 || live.length === 0) return live;
    const features = await this.behaviour.latestFeatures(live);
    return live.filter((customerId) =>
      withinThresholds(audience.featureThresholds, features.get(customerId)),
    );
  }

  private checkInput(input: SurveyInput) {
    const problems: FieldProblem[] = [];
    const title = checkTitle(problems, 'input.title', input.title);
    const questions = checkQuestions(problems, 'input.questions', input.questions);
    const audience = checkAudience(problems, 'input.audience', input.audience, isFeatureName);
    const opensAt = input.opensAt ?? null;
    const closesAt = input.closesAt ?? null;
    checkWindow(problems, 'input', opensAt, closesAt);
    if (problems.length > 0 || !title || !questions || !audience) throw Invalid.fields(problems);
    return { title, questions, audience, opensAt, closesAt };
  }

  /** One of the bank's survey versions, or NOT_FOUND (malformed, another bank's or nobody's id alike). */
  private async find(id: string, action: 'read' | 'update'): Promise<Survey> {
    const survey = uuid.test(id)
      ? await this.context().findOne(Survey, this.whereVisible(action, { id }))
      : null;
    if (!survey) throw new NotFound('No survey with this id in your bank; check the id.');
    return survey;
  }

  private visible(action: 'read' | 'update'): FilterQuery<Survey> {
    return (accessibleWhere(action, 'Survey') ?? { id: null }) as FilterQuery<Survey>;
  }

  private whereVisible(action: 'read' | 'update', where: FilterQuery<Survey>): FilterQuery<Survey> {
    return { $and: [this.visible(action), where] } as FilterQuery<Survey>;
  }

  private context(): EntityManager {
    return this.em.getContext() as EntityManager;
  }
}

export function freeTextAddress(rowId: string) {
  return { table: 'survey_response', column: 'free_text_enc', rowId };
}

/** What the trail keeps of a definition: its shape, not every question's words. */
function auditedDefinition(survey: Survey) {
  return {
    title: survey.title,
    questions: survey.questions.length,
    consentPurpose: survey.audience.consentPurpose,
    featureThresholds: survey.audience.featureThresholds.map((threshold) => threshold.feature),
  };
}
