import InventoryIcon from '@mui/icons-material/Inventory2';
import type { ResourceProps } from 'react-admin';
import { ProductList } from './ProductList.tsx';

export const products: ResourceProps = {
  name: 'products',
  list: ProductList,
  icon: InventoryIcon,
  options: { label: 'Products' },
};
