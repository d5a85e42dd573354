import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { UseQueryResult } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../data/errors.ts';

// The list's context as react-admin's <List> gives it to its `error` element: the failed query and its refetch.
const list = vi.hoisted(() => ({ error: null as unknown, refetch: vi.fn() }));
vi.mock('react-admin', () => ({ Pagination: () => null, useListContext: () => list }));

const { ListError, QueryError } = await import('./ListStates.tsx');
const { QueryState } = await import('./QueryState.tsx');

type Retrying = ReactElement<{ onRetry?: () => void }>;
const unavailable = new ApiError('INTERNAL', 'The service is unavailable. Try again in a moment.');

describe('error states (markup rendered with react-dom/server)', () => {
  it('shows what could not be loaded, the API’s message and "Try again"', () => {
    const html = renderToStaticMarkup(
      <QueryError error={unavailable} what="The model registry" testId="models-error" onRetry={() => {}} />,
    );
    expect(html).toContain('The model registry could not be loaded');
    expect(html).toContain('The service is unavailable. Try again in a moment.');
    expect(html).toMatch(/<button[^>]*data-testid="models-error-retry"[^>]*>Try again/);
  });

  it('offers no retry for "Not allowed": the API would refuse again', () => {
    const html = renderToStaticMarkup(
      <QueryError
        error={new ApiError('FORBIDDEN', 'Only compliance officers decide reviews.')}
        what="Recommendation reviews"
        testId="reviews-error"
        onRetry={() => {}}
      />,
    );
    expect(html).toContain('Not allowed');
    expect(html).not.toContain('Try again');
  });

  it('"Not allowed" keeps the code and request id for support and marks the page refused', () => {
    const html = renderToStaticMarkup(
      <QueryError
        error={new ApiError('FORBIDDEN', 'You do not have permission to do this.', 'req-7')}
        what="Category rules"
        testId="category-rules-error"
      />,
    );
    expect(html).toContain('data-refused="true"');
    expect(html).toContain('For support: FORBIDDEN, request req-7');
    expect(renderToStaticMarkup(<QueryError error={unavailable} what="Models" testId="m" />)).not.toContain(
      'data-refused',
    );
  });

  it('a page’s own query: "Try again" fetches it again', () => {
    const refetch = vi.fn();
    const query = {
      isPending: false,
      isError: true,
      error: unavailable,
      refetch,
    } as unknown as UseQueryResult<string[]>;
    // QueryState uses no hook: called as a function it gives the element it renders.
    const element = QueryState({
      query,
      what: 'The training runs',
      testId: 'training-runs',
      children: () => null,
    });
    expect(renderToStaticMarkup(element)).toContain('Try again');
    (element as Retrying).props.onRetry?.();
    expect(refetch).toHaveBeenCalledOnce();
  });

  it('a react-admin list: "Try again" refetches the list', () => {
    list.error = unavailable;
    expect(renderToStaticMarkup(<ListError what="Surveys" testId="surveys-error" />)).toContain('Try again');
    const element = ListError({ what: 'Surveys', testId: 'surveys-error' }) as Retrying;
    element.props.onRetry?.();
    expect(list.refetch).toHaveBeenCalledOnce();
  });
});
