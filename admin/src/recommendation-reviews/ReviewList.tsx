// Recommendation review requests (GDPR Art. 22 human review; the API's recommendationReviews): open or
// decided, oldest first; a row opens the decision record and, for compliance officers, the decision.
// Above: delivery settings and engagement (DeliveryPanel).
import { useState } from 'react';
import { DataTable, DateField, List, SelectInput, useListContext, useRecordContext } from 'react-admin';
import { Typography } from '@mui/material';
import type { ReviewRecord, ReviewStatus } from '../data/index.ts';
import { EnumChip, ListEmpty, ListError, ListPagination, OpaqueId } from '../layout/index.ts';
import { DeliveryPanel } from './DeliveryPanel.tsx';
import { reviewsEmptyState } from './empty-state.ts';
import { DecideDialog, DecidingContext, ReviewDetails } from './ReviewDetails.tsx';

const statusLabels: Record<ReviewStatus, string> = { REQUESTED: 'Open', DECIDED: 'Decided' };
const decisionLabels = { UPHELD: 'Upheld', WITHDRAWN: 'Withdrawn' };
const triggerLabels = { contest: 'Contested', request: 'Review asked' };

const filters = [
  <SelectInput
    key="status"
    source="status"
    label="Status"
    choices={(Object.keys(statusLabels) as ReviewStatus[]).map((id) => ({ id, name: statusLabels[id] }))}
    alwaysOn
    emptyText="All"
  />,
];

/** The product recommended (the decision record's delivered candidate). */
function ReviewedProduct() {
  const review = useRecordContext<ReviewRecord>();
  const delivered = review?.decisionRecord?.candidates.find((candidate) => candidate.outcome === 'delivered');
  return <Typography variant="body2">{delivered?.productId ?? '—'}</Typography>;
}

/** Nothing listed, in words for the status filter in force (the list's own empty page shows only unfiltered). */
function ReviewsEmpty() {
  const { filterValues } = useListContext();
  const { title, text } = reviewsEmptyState((filterValues as { status?: ReviewStatus }).status);
  return (
    <ListEmpty title={title} testId="reviews-empty">
      {text}
    </ListEmpty>
  );
}

export function ReviewList() {
  const [decidingId, setDecidingId] = useState<string | null>(null);
  return (
    <DecidingContext.Provider value={{ decidingId, setDecidingId }}>
      <List
        title="Recommendation reviews"
        filters={filters}
        filterDefaultValues={{ status: 'REQUESTED' }}
        empty={
          <>
            <DeliveryPanel />
            <ReviewsEmpty />
          </>
        }
        error={<ListError what="Recommendation reviews" testId="reviews-error" />}
        perPage={25}
        pagination={<ListPagination />}
        queryOptions={{ onError: () => undefined }}
        // The API lists requests oldest first; it offers no other order.
        sort={{ field: 'requestedAt', order: 'ASC' }}
        exporter={false}
      >
        <DeliveryPanel />
        <DataTable
          bulkActionButtons={false}
          rowClick="expand"
          expand={<ReviewDetails />}
          expandSingle
          empty={<ReviewsEmpty />}
        >
          <DataTable.Col source="requestedAt" label="Requested" disableSort>
            <DateField source="requestedAt" showTime />
          </DataTable.Col>
          <DataTable.Col source="trigger" label="Kind" disableSort>
            <EnumChip source="trigger" labels={triggerLabels} colours={{}} testId="review-trigger" />
          </DataTable.Col>
          <DataTable.Col source="decisionRecord.customerId" label="Customer id" disableSort>
            <OpaqueId source="decisionRecord.customerId" />
          </DataTable.Col>
          <DataTable.Col label="Product" disableSort>
            <ReviewedProduct />
          </DataTable.Col>
          <DataTable.Col source="status" disableSort>
            <EnumChip
              source="status"
              labels={statusLabels}
              colours={{ REQUESTED: 'warning', DECIDED: 'success' }}
              testId="review-status"
            />
          </DataTable.Col>
          <DataTable.Col source="decision" disableSort>
            <EnumChip source="decision" labels={decisionLabels} colours={{}} testId="review-decision-chip" />
          </DataTable.Col>
        </DataTable>
        <DecideDialog />
      </List>
    </DecidingContext.Provider>
  );
}
