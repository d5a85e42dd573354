import WebhookIcon from '@mui/icons-material/Webhook';
import type { ResourceProps } from 'react-admin';
import { WebhooksPage } from './WebhooksPage.tsx';

export const webhooks: ResourceProps = {
  name: 'webhooks',
  list: WebhooksPage,
  icon: WebhookIcon,
  options: { label: 'Webhooks' },
};
