import { describe, expect, it } from 'vitest';
import {
  createInput,
  deliveryLook,
  eventTypeName,
  formValuesOf,
  replayable,
  stillAttempted,
  updateChanges,
} from './subscription-form.ts';

const stored = {
  id: 'a4c1b6e0-0000-4000-8000-000000000001',
  url: 'https://hooks.bank.example/finpersona',
  description: 'CRM',
  eventTypes: ['PLUGIN_CHANGED', 'CONSENT_GRANTED'],
  enabled: false,
  previousSecretValidUntil: null,
  createdBy: 'admin',
  updatedBy: 'admin',
  createdAt: '2026-11-27T04:00:00.000Z',
  updatedAt: '2026-11-27T04:00:00.000Z',
};

describe('webhook subscription form', () => {
  it('starts a new subscription enabled with nothing chosen, an existing one as stored', () => {
    expect(formValuesOf()).toEqual({ url: '', eventTypes: [], description: '', enabled: true });
    expect(formValuesOf(stored)).toEqual({
      url: stored.url,
      eventTypes: ['PLUGIN_CHANGED', 'CONSENT_GRANTED'],
      description: 'CRM',
      enabled: false,
    });
  });

  it('sends a create trimmed, event types in the catalogue order, an empty description as none', () => {
    expect(
      createInput({
        url: '  https://hooks.bank.example/a ',
        eventTypes: ['PLUGIN_CHANGED', 'CONSENT_REVOKED'],
        description: '   ',
        enabled: true,
      }),
    ).toEqual({
      url: 'https://hooks.bank.example/a',
      eventTypes: ['CONSENT_REVOKED', 'PLUGIN_CHANGED'],
      description: null,
    });
  });

  it('sends every field of an update, an emptied description as "" so that the API removes it', () => {
    expect(
      updateChanges({
        ...formValuesOf(stored),
        description: ' ',
        enabled: true,
        eventTypes: ['SYNC_FINISHED'],
      }),
    ).toEqual({ url: stored.url, eventTypes: ['SYNC_FINISHED'], description: '', enabled: true });
  });

  it('names event types as subscribers receive them', () => {
    expect(eventTypeName('PLUGIN_CHANGED')).toBe('plugin.changed');
    expect(eventTypeName('RECOMMENDATION_ACCEPTED')).toBe('recommendation.accepted');
  });
});

describe('webhook deliveries', () => {
  it('styles only a delivered delivery as a success, a dead one as an error, a retried one as a warning', () => {
    expect(deliveryLook('DELIVERED')).toEqual({ label: 'Delivered', tone: 'success', mark: 'done' });
    expect(deliveryLook('FAILED')).toEqual({ label: 'Failed — retrying', tone: 'warning', mark: 'busy' });
    expect(deliveryLook('DEAD')).toEqual({ label: 'Dead', tone: 'error', mark: 'failed' });
    expect(deliveryLook('PENDING')).toEqual({ label: 'Pending', tone: 'info', mark: 'waiting' });
  });

  it('offers replay for delivered and dead deliveries only (the API refuses the others)', () => {
    expect(replayable('DELIVERED')).toBe(true);
    expect(replayable('DEAD')).toBe(true);
    expect(replayable('FAILED')).toBe(false);
    expect(replayable('PENDING')).toBe(false);
    expect(stillAttempted(['DELIVERED', 'DEAD'])).toBe(false);
    expect(stillAttempted(['DELIVERED', 'FAILED'])).toBe(true);
  });
});
