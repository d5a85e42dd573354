export { MarketingModule } from './marketing.module';
export { MarketingService } from './marketing.service';
