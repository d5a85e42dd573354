// The bank's outbound webhooks (the API's webhookSubscriptions / webhookDeliveries and their mutations): the
// subscriptions, each one's delivery log with replay, and create, edit, rotate the secret and delete. Bank
// administrators only; every change asks for the second factor (step-up) and is audited by the API. A signing
// secret is shown once, when the API answers it (creation, rotation), and kept nowhere by the portal.
import { useState } from 'react';
import { Title } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import {
  currentCursor,
  fieldErrors,
  firstPage,
  type PageCursors,
  type WebhookDeliveryNode,
  type WebhookSubscriptionNode,
  type WebhookSubscriptionSecretNode,
} from '../data/index.ts';
import {
  ConfirmDialog,
  NewerOlder,
  OtherProblems,
  QuerySection,
  QueryState,
  StaffName,
  StateChip,
  useStaffAction,
} from '../layout/index.ts';
import {
  createInput,
  deliveryLook,
  eventTypeName,
  formValuesOf,
  replayable,
  stillAttempted,
  updateChanges,
  webhookEventTypes,
  type SubscriptionFormValues,
} from './subscription-form.ts';

/** Deliveries per page of the log. */
const deliveryPageSize = 10;

const time = (value: string | null) => (value ? new Date(value).toLocaleString() : '—');

function SubscriptionDialog({
  subscription,
  onClose,
  onSecret,
}: {
  /** The one edited; none: a new subscription. */
  subscription?: WebhookSubscriptionNode;
  onClose(): void;
  onSecret(secret: WebhookSubscriptionSecretNode): void;
}) {
  const { busy, run } = useStaffAction();
  const [values, setValues] = useState<SubscriptionFormValues>(() => formValuesOf(subscription));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const showProblems = (fields: readonly { field: string; problem: string }[]) =>
    setProblems(fieldErrors(fields));
  const set = (change: Partial<SubscriptionFormValues>) => setValues({ ...values, ...change });
  const toggle = (value: string, on: boolean) =>
    set({
      eventTypes: on ? [...values.eventTypes, value] : values.eventTypes.filter((type) => type !== value),
    });

  async function submit() {
    setProblems({});
    if (subscription) {
      const saved = await run(
        (provider) => provider.updateWebhookSubscription(subscription.id, updateChanges(values)),
        'The webhook subscription is saved',
        showProblems,
      );
      if (saved) onClose();
      return;
    }
    const created = await run(
      (provider) => provider.createWebhookSubscription(createInput(values)),
      'The webhook subscription is created',
      showProblems,
    );
    if (created) {
      onClose();
      onSecret(created);
    }
  }

  const problemOf = (field: string) => problems[field];
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid="webhook-dialog">
      <DialogTitle>{subscription ? 'Edit webhook subscription' : 'New webhook subscription'}</DialogTitle>
      <DialogContent>
        <DialogContentText variant="body2">
          Events of the chosen types are sent to the endpoint as signed HTTPS POST requests, in order, retried
          with growing waits until it answers 2xx.
        </DialogContentText>
        <OtherProblems problems={problems} fields={['url', 'eventTypes', 'description', 'enabled']} />
        <TextField
          fullWidth
          margin="dense"
          label="Endpoint URL *"
          value={values.url}
          onChange={(event) => set({ url: event.target.value })}
          error={problemOf('url') !== undefined}
          helperText={problemOf('url') ?? 'https:// on a public address'}
          slotProps={{ htmlInput: { 'data-testid': 'webhook-url' } }}
        />
        <FormControl
          component="fieldset"
          margin="dense"
          error={problemOf('eventTypes') !== undefined}
          data-testid="webhook-event-types"
        >
          <FormLabel component="legend">Event types *</FormLabel>
          <FormGroup>
            {webhookEventTypes.map((type) => (
              <FormControlLabel
                key={type.value}
                control={
                  <Checkbox
                    size="small"
                    checked={values.eventTypes.includes(type.value)}
                    onChange={(event) => toggle(type.value, event.target.checked)}
                    slotProps={{ input: { 'data-event-type': type.name } as object }}
                  />
                }
                label={
                  <Typography variant="body2">
                    <code>{type.name}</code>{' '}
                    <Typography component="span" variant="caption" color="text.secondary">
                      {type.description}
                    </Typography>
                  </Typography>
                }
              />
            ))}
          </FormGroup>
          {problemOf('eventTypes') && (
            <FormHelperText data-testid="webhook-event-types-problem">
              {problemOf('eventTypes')}
            </FormHelperText>
          )}
        </FormControl>
        <TextField
          fullWidth
          margin="dense"
          label="Description"
          value={values.description}
          onChange={(event) => set({ description: event.target.value })}
          error={problemOf('description') !== undefined}
          helperText={problemOf('description') ?? 'What receives these events, for your colleagues'}
          slotProps={{ htmlInput: { 'data-testid': 'webhook-description' } }}
        />
        {subscription && (
          <FormControlLabel
            control={
              <Switch
                checked={values.enabled}
                onChange={(event) => set({ enabled: event.target.checked })}
                slotProps={{ input: { 'data-testid': 'webhook-enabled' } as object }}
              />
            }
            label={values.enabled ? 'Enabled: events are sent' : 'Disabled: no new events are sent'}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={busy} onClick={() => void submit()} data-testid="webhook-save">
          {subscription ? 'Save' : 'Create'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The signing secret, once: the API never answers it again and the portal keeps no copy. */
function SecretDialog({ secret, onClose }: { secret: WebhookSubscriptionSecretNode; onClose(): void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>();
  return (
    <Dialog open fullWidth maxWidth="sm" data-testid="webhook-secret-dialog">
      <DialogTitle>Signing secret</DialogTitle>
      <DialogContent>
        <DialogContentText variant="body2">
          Your endpoint checks each request’s <code>FinPersona-Signature</code> header with this secret for{' '}
          <strong>{secret.subscription.url}</strong>.
        </DialogContentText>
        <Alert severity="warning" sx={{ my: 2 }}>
          Copy it now: it will not be shown again. If it is lost, rotate the secret.
        </Alert>
        <TextField
          fullWidth
          label="Secret"
          value={secret.secret}
          slotProps={{ htmlInput: { readOnly: true, 'data-testid': 'webhook-secret' } }}
          onFocus={(event) => event.target.select()}
        />
        {copied && (
          <Typography
            variant="caption"
            color={copied === 'yes' ? 'success.main' : 'error'}
            data-testid="webhook-secret-copied"
          >
            {copied === 'yes' ? 'Copied to the clipboard.' : 'Could not copy: select the secret and copy it.'}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button
          data-testid="webhook-secret-copy"
          onClick={() =>
            void navigator.clipboard.writeText(secret.secret).then(
              () => setCopied('yes'),
              () => setCopied('failed'),
            )
          }
        >
          Copy
        </Button>
        <Button variant="contained" onClick={onClose} data-testid="webhook-secret-done">
          I have stored it
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function DeliveryRow({ delivery }: { delivery: WebhookDeliveryNode }) {
  const { busy, run } = useStaffAction();
  return (
    <TableRow
      data-testid="webhook-delivery"
      data-event-id={delivery.eventId}
      data-sequence={delivery.eventSequence}
    >
      <TableCell>
        <Typography variant="body2">
          <code>{eventTypeName(delivery.eventType)}</code>
        </Typography>
        <Typography variant="caption" color="text.secondary" component="div">
          #{delivery.eventSequence} · {delivery.eventId}
        </Typography>
      </TableCell>
      <TableCell>
        <StateChip look={deliveryLook(delivery.status)} testId="webhook-delivery-status" />
      </TableCell>
      <TableCell data-testid="webhook-delivery-attempts">{delivery.attempts}</TableCell>
      <TableCell data-testid="webhook-delivery-response">
        {delivery.lastStatusCode ?? '—'}
        {delivery.lastError && (
          <Typography variant="caption" color="text.secondary" component="div">
            {delivery.lastError}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <Typography variant="body2">{time(delivery.createdAt)}</Typography>
        <Typography variant="caption" color="text.secondary" component="div">
          {delivery.status === 'DELIVERED'
            ? `delivered ${time(delivery.deliveredAt)}`
            : delivery.lastAttemptAt
              ? `last attempt ${time(delivery.lastAttemptAt)}`
              : 'not attempted yet'}
        </Typography>
      </TableCell>
      <TableCell data-testid="webhook-delivery-next">
        {delivery.status === 'PENDING' || delivery.status === 'FAILED' ? time(delivery.nextAttemptAt) : '—'}
      </TableCell>
      <TableCell align="right">
        {replayable(delivery.status) && (
          <Button
            size="small"
            disabled={busy}
            data-testid="webhook-delivery-replay"
            onClick={() =>
              void run(
                (provider) => provider.replayWebhookDelivery(delivery.id),
                `The ${eventTypeName(delivery.eventType)} event #${delivery.eventSequence} is sent again`,
              )
            }
          >
            Replay
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}

/** A subscription's delivery log, newest event first, a page at a time with the API's cursors. */
function DeliveryLog({ subscription }: { subscription: WebhookSubscriptionNode }) {
  const { busy, run, dataProvider } = useStaffAction();
  const [pages, setPages] = useState<PageCursors>(firstPage);
  const after = currentCursor(pages);
  const deliveries = useQuery({
    queryKey: ['webhook-deliveries', subscription.id, after],
    queryFn: () => dataProvider.webhookDeliveries(subscription.id, deliveryPageSize, after),
    // What is still being attempted changes by itself: keep it fresh while it shows.
    refetchInterval: (query) =>
      stillAttempted(query.state.data?.deliveries.map((delivery) => delivery.status) ?? []) ? 3000 : false,
  });
  return (
    <Box data-testid="webhook-deliveries-section">
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 2, flexWrap: 'wrap' }}>
        <Typography variant="h6">Delivery log</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
          {subscription.url}
        </Typography>
        <Button
          size="small"
          variant="outlined"
          disabled={busy}
          data-testid="webhook-replay-dead"
          onClick={() =>
            void run(
              (provider) => provider.replayDeadWebhookDeliveries(subscription.id),
              (count) =>
                count === 0
                  ? { message: 'No dead delivery to replay', type: 'info' }
                  : `${count} dead ${count === 1 ? 'delivery is' : 'deliveries are'} sent again`,
            )
          }
        >
          Replay all dead
        </Button>
      </Box>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Newest event first. A failed delivery is retried by itself; one that failed every attempt is dead —
        replay it once the endpoint works. Replay sends an event again with the same id (subscribers
        deduplicate by it).
      </Typography>
      <QueryState
        query={deliveries}
        what="The delivery log"
        testId="webhook-deliveries"
        isEmpty={(page) => page.deliveries.length === 0 && pages.length === 1}
        empty={{
          title: 'No delivery yet',
          text: 'Each event of the types this subscription follows is logged here as it is sent.',
        }}
      >
        {(page) => (
          <>
            <Table size="small" aria-label="Delivery log">
              <TableHead>
                <TableRow>
                  <TableCell>Event</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell>Attempts</TableCell>
                  <TableCell>Last response</TableCell>
                  <TableCell>Times</TableCell>
                  <TableCell>Next attempt</TableCell>
                  <TableCell align="right">Replay</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {page.deliveries.map((delivery) => (
                  <DeliveryRow key={delivery.id} delivery={delivery} />
                ))}
              </TableBody>
            </Table>
            <NewerOlder pages={pages} onPages={setPages} page={page} testId="webhook-deliveries" />
          </>
        )}
      </QueryState>
    </Box>
  );
}

function SubscriptionsTable({
  rows,
  shown,
  onShow,
  onEdit,
  onRotate,
  onDelete,
}: {
  rows: WebhookSubscriptionNode[];
  shown: string | undefined;
  onShow(subscription: WebhookSubscriptionNode): void;
  onEdit(subscription: WebhookSubscriptionNode): void;
  onRotate(subscription: WebhookSubscriptionNode): void;
  onDelete(subscription: WebhookSubscriptionNode): void;
}) {
  return (
    <Table size="small" aria-label="Webhook subscriptions">
      <TableHead>
        <TableRow>
          <TableCell>Endpoint</TableCell>
          <TableCell>Event types</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Created / updated</TableCell>
          <TableCell align="right">Actions</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((subscription) => (
          <TableRow
            key={subscription.id}
            selected={subscription.id === shown}
            data-testid="webhook-subscription"
            data-url={subscription.url}
          >
            <TableCell sx={{ overflowWrap: 'anywhere', minWidth: 200 }}>
              <Typography variant="body2">{subscription.url}</Typography>
              {subscription.description && (
                <Typography
                  variant="caption"
                  color="text.secondary"
                  component="div"
                  data-testid="webhook-subscription-description"
                >
                  {subscription.description}
                </Typography>
              )}
            </TableCell>
            <TableCell data-testid="webhook-subscription-events">
              {subscription.eventTypes.map((type) => (
                <Typography key={type} variant="body2" component="div">
                  <code>{eventTypeName(type)}</code>
                </Typography>
              ))}
            </TableCell>
            <TableCell>
              <StateChip
                look={
                  subscription.enabled
                    ? { label: 'Enabled', tone: 'success', mark: 'done' }
                    : { label: 'Disabled', tone: 'neutral', mark: 'idle' }
                }
                testId="webhook-subscription-state"
              />
              {subscription.previousSecretValidUntil && (
                <Typography variant="caption" color="text.secondary" component="div">
                  Previous secret signs until {time(subscription.previousSecretValidUntil)}
                </Typography>
              )}
            </TableCell>
            <TableCell>
              <Typography variant="body2">{time(subscription.createdAt)}</Typography>
              <Typography variant="caption" color="text.secondary" component="div">
                updated {time(subscription.updatedAt)} by <StaffName subject={subscription.updatedBy} />
              </Typography>
            </TableCell>
            <TableCell align="right">
              <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end', flexWrap: 'wrap' }}>
                <Button
                  size="small"
                  onClick={() => onShow(subscription)}
                  data-testid="webhook-show-deliveries"
                >
                  Deliveries
                </Button>
                <Button size="small" onClick={() => onEdit(subscription)} data-testid="webhook-edit">
                  Edit
                </Button>
                <Button size="small" onClick={() => onRotate(subscription)} data-testid="webhook-rotate">
                  Rotate secret
                </Button>
                <Button
                  size="small"
                  color="error"
                  onClick={() => onDelete(subscription)}
                  data-testid="webhook-delete"
                >
                  Delete
                </Button>
              </Box>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

type Dialogs =
  | { kind: 'create' }
  | { kind: 'edit' | 'rotate' | 'delete'; subscription: WebhookSubscriptionNode }
  | { kind: 'secret'; secret: WebhookSubscriptionSecretNode };

export function WebhooksPage() {
  const { dataProvider } = useStaffAction();
  const subscriptions = useQuery({
    queryKey: ['webhook-subscriptions'],
    queryFn: () => dataProvider.webhookSubscriptions(),
  });
  const [dialog, setDialog] = useState<Dialogs | undefined>();
  const [shownId, setShownId] = useState<string | undefined>();
  const shown = subscriptions.data?.find((subscription) => subscription.id === shownId);
  const close = () => setDialog(undefined);
  const showSecret = (secret: WebhookSubscriptionSecretNode) => setDialog({ kind: 'secret', secret });
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, mt: 2 }} data-testid="webhooks-page">
      <Title title="Webhooks" />
      <Card>
        <CardContent>
          <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
            <Button
              variant="contained"
              size="small"
              onClick={() => setDialog({ kind: 'create' })}
              disabled={!subscriptions.isSuccess}
              data-testid="webhook-create"
            >
              New subscription
            </Button>
          </Box>
          <QuerySection
            title="Subscriptions"
            intro="Each subscription sends events of its types to an endpoint of the bank, signed with its own secret. Changes ask for your one-time code and are recorded in the audit trail."
            query={subscriptions}
            what="The bank’s webhook subscriptions"
            testId="webhook-subscriptions"
            empty={{
              title: 'No webhook subscription yet',
              text: 'Webhooks let the bank’s own systems (a CRM, a data warehouse, an alerting tool) follow what happens here — consents granted, revoked or expired, syncs finished, plugins changed — as signed HTTPS requests, without polling the API. Create one with New subscription.',
            }}
          >
            {(rows) => (
              <SubscriptionsTable
                rows={rows}
                shown={shown?.id}
                onShow={(subscription) => setShownId(subscription.id)}
                onEdit={(subscription) => setDialog({ kind: 'edit', subscription })}
                onRotate={(subscription) => setDialog({ kind: 'rotate', subscription })}
                onDelete={(subscription) => setDialog({ kind: 'delete', subscription })}
              />
            )}
          </QuerySection>
        </CardContent>
      </Card>
      {shown && (
        <Card>
          <CardContent>
            <DeliveryLog key={shown.id} subscription={shown} />
          </CardContent>
        </Card>
      )}
      {dialog?.kind === 'create' && <SubscriptionDialog onClose={close} onSecret={showSecret} />}
      {dialog?.kind === 'edit' && (
        <SubscriptionDialog subscription={dialog.subscription} onClose={close} onSecret={showSecret} />
      )}
      {dialog?.kind === 'rotate' && (
        <ConfirmDialog
          title="Rotate the signing secret?"
          text={`A new secret signs every event from now on; the current one also signs for 24 hours, so that you can deploy the new one to ${dialog.subscription.url} without refusing events meanwhile.`}
          confirm="Rotate"
          testId="webhook-rotate"
          action={(provider) => provider.rotateWebhookSecret(dialog.subscription.id)}
          done="A new signing secret is issued"
          onClose={close}
          onDone={showSecret}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete this webhook subscription?"
          text={`No more events are sent to ${dialog.subscription.url}, and its delivery log is deleted with it. This cannot be undone.`}
          confirm="Delete"
          danger
          testId="webhook-delete"
          action={(provider) => provider.deleteWebhookSubscription(dialog.subscription.id)}
          done="The webhook subscription and its delivery log are deleted"
          onClose={close}
        />
      )}
      {dialog?.kind === 'secret' && <SecretDialog secret={dialog.secret} onClose={close} />}
    </Box>
  );
}
