"""Contains all the data models used in inputs/outputs"""

from .ai_response_out import AiResponseOut
from .assistant_chat_stream_response_200 import AssistantChatStreamResponse200
from .business_in import BusinessIn
from .business_out import BusinessOut
from .business_page import BusinessPage
from .business_patch_in import BusinessPatchIn
from .chat_failure_out import ChatFailureOut
from .chat_in import ChatIn
from .chat_out import ChatOut
from .conversation_detail_out import ConversationDetailOut
from .conversation_out import ConversationOut
from .conversation_page import ConversationPage
from .daily_out import DailyOut
from .delta_out import DeltaOut
from .ecommerce_events_out import EcommerceEventsOut
from .entry_page_out import EntryPageOut
from .error_body import ErrorBody
from .error_body_fields_type_0 import ErrorBodyFieldsType0
from .exit_page_out import ExitPageOut
from .faq_category_in import FaqCategoryIn
from .faq_category_out import FaqCategoryOut
from .faq_category_page import FaqCategoryPage
from .faq_category_patch_in import FaqCategoryPatchIn
from .faq_hit_out import FaqHitOut
from .faq_in import FaqIn
from .faq_out import FaqOut
from .faq_page import FaqPage
from .faq_patch_in import FaqPatchIn
from .features_out import FeaturesOut
from .funnel_out import FunnelOut
from .health_state import HealthState
from .image_out import ImageOut
from .image_page import ImagePage
from .image_patch_in import ImagePatchIn
from .image_size_name import ImageSizeName
from .inventory_report_out import InventoryReportOut
from .knowledge_in import KnowledgeIn
from .knowledge_out import KnowledgeOut
from .knowledge_page import KnowledgePage
from .knowledge_patch_in import KnowledgePatchIn
from .lead_in import LeadIn
from .lead_intake_in import LeadIntakeIn
from .lead_ordering_name import LeadOrderingName
from .lead_out import LeadOut
from .lead_page import LeadPage
from .lead_patch import LeadPatch
from .lead_search_out import LeadSearchOut
from .lead_search_status import LeadSearchStatus
from .lead_status_change_out import LeadStatusChangeOut
from .lead_status_change_page import LeadStatusChangePage
from .lead_status_name import LeadStatusName
from .lead_type_in import LeadTypeIn
from .lead_type_out import LeadTypeOut
from .lead_type_page import LeadTypePage
from .lead_type_patch import LeadTypePatch
from .level_mismatch_out import LevelMismatchOut
from .link_in import LinkIn
from .link_out import LinkOut
from .live_out import LiveOut
from .login_in import LoginIn
from .logout_in import LogoutIn
from .low_stock_product_out import LowStockProductOut
from .member_in import MemberIn
from .member_out import MemberOut
from .member_page import MemberPage
from .member_patch import MemberPatch
from .message_out import MessageOut
from .message_page import MessagePage
from .message_role_name import MessageRoleName
from .movement_in import MovementIn
from .movement_out import MovementOut
from .movement_page import MovementPage
from .movement_recorded import MovementRecorded
from .movement_type_name import MovementTypeName
from .overview_out import OverviewOut
from .page_access_batch_in import PageAccessBatchIn
from .page_access_batch_out import PageAccessBatchOut
from .page_access_in import PageAccessIn
from .page_access_out import PageAccessOut
from .page_access_page import PageAccessPage
from .page_access_summary_out import PageAccessSummaryOut
from .page_access_summary_out_browser_distribution import PageAccessSummaryOutBrowserDistribution
from .page_access_summary_out_device_distribution import PageAccessSummaryOutDeviceDistribution
from .page_performance_out import PagePerformanceOut
from .page_performance_page import PagePerformancePage
from .page_section_in import PageSectionIn
from .page_section_out import PageSectionOut
from .page_section_page import PageSectionPage
from .page_section_patch import PageSectionPatch
from .page_views_out import PageViewsOut
from .product_activity_out import ProductActivityOut
from .product_activity_page import ProductActivityPage
from .product_stock_out import ProductStockOut
from .profile_out import ProfileOut
from .profile_patch import ProfilePatch
from .provider_name import ProviderName
from .ready_out import ReadyOut
from .recorded_movement_type_name import RecordedMovementTypeName
from .refresh_in import RefreshIn
from .return_card_in import ReturnCardIn
from .return_card_out import ReturnCardOut
from .return_card_page import ReturnCardPage
from .return_card_patch import ReturnCardPatch
from .return_item_object import ReturnItemObject
from .return_request_detail_out import ReturnRequestDetailOut
from .return_request_in import ReturnRequestIn
from .return_request_out import ReturnRequestOut
from .return_request_page import ReturnRequestPage
from .return_settings_in import ReturnSettingsIn
from .return_settings_out import ReturnSettingsOut
from .return_status_change_out import ReturnStatusChangeOut
from .return_status_name import ReturnStatusName
from .return_transition_in import ReturnTransitionIn
from .role_matrix import RoleMatrix
from .role_name import RoleName
from .section_stats_out import SectionStatsOut
from .section_stats_page import SectionStatsPage
from .section_views_out import SectionViewsOut
from .settings_in import SettingsIn
from .settings_out import SettingsOut
from .signup_in import SignupIn
from .signup_out import SignupOut
from .status_count_out import StatusCountOut
from .stock_level_out import StockLevelOut
from .stock_level_page import StockLevelPage
from .stock_list_response_200 import StockListResponse200
from .stock_quantity_out import StockQuantityOut
from .store_in import StoreIn
from .store_out import StoreOut
from .store_page import StorePage
from .store_patch import StorePatch
from .store_role_out import StoreRoleOut
from .thresholds_patch import ThresholdsPatch
from .token_out import TokenOut
from .traffic_trend_out import TrafficTrendOut
from .transfer_in import TransferIn
from .transfer_recorded import TransferRecorded
from .trend_out import TrendOut
from .type_count_out import TypeCountOut
from .upload_image_body import UploadImageBody
from .url_performance_out import UrlPerformanceOut
from .url_performance_page import UrlPerformancePage
from .user_journey_analytics_out import UserJourneyAnalyticsOut
from .user_journey_in import UserJourneyIn
from .user_journey_out import UserJourneyOut
from .user_journey_page import UserJourneyPage
from .user_journey_patch import UserJourneyPatch
from .user_message_out import UserMessageOut
from .user_out import UserOut
from .verify_out import VerifyOut
from .warehouse_in import WarehouseIn
from .warehouse_out import WarehouseOut
from .warehouse_page import WarehousePage
from .warehouse_patch import WarehousePatch
from .warehouse_stock_out import WarehouseStockOut
from .warehouse_units_out import WarehouseUnitsOut

__all__ = (
    "AiResponseOut",
    "AssistantChatStreamResponse200",
    "BusinessIn",
    "BusinessOut",
    "BusinessPage",
    "BusinessPatchIn",
    "ChatFailureOut",
    "ChatIn",
    "ChatOut",
    "ConversationDetailOut",
    "ConversationOut",
    "ConversationPage",
    "DailyOut",
    "DeltaOut",
    "EcommerceEventsOut",
    "EntryPageOut",
    "ErrorBody",
    "ErrorBodyFieldsType0",
    "ExitPageOut",
    "FaqCategoryIn",
    "FaqCategoryOut",
    "FaqCategoryPage",
    "FaqCategoryPatchIn",
    "FaqHitOut",
    "FaqIn",
    "FaqOut",
    "FaqPage",
    "FaqPatchIn",
    "FeaturesOut",
    "FunnelOut",
    "HealthState",
    "ImageOut",
    "ImagePage",
    "ImagePatchIn",
    "ImageSizeName",
    "InventoryReportOut",
    "KnowledgeIn",
    "KnowledgeOut",
    "KnowledgePage",
    "KnowledgePatchIn",
    "LeadIn",
    "LeadIntakeIn",
    "LeadOrderingName",
    "LeadOut",
    "LeadPage",
    "LeadPatch",
    "LeadSearchOut",
    "LeadSearchStatus",
    "LeadStatusChangeOut",
    "LeadStatusChangePage",
    "LeadStatusName",
    "LeadTypeIn",
    "LeadTypeOut",
    "LeadTypePage",
    "LeadTypePatch",
    "LevelMismatchOut",
    "LinkIn",
    "LinkOut",
    "LiveOut",
    "LoginIn",
    "LogoutIn",
    "LowStockProductOut",
    "MemberIn",
    "MemberOut",
    "MemberPage",
    "MemberPatch",
    "MessageOut",
    "MessagePage",
    "MessageRoleName",
    "MovementIn",
    "MovementOut",
    "MovementPage",
    "MovementRecorded",
    "MovementTypeName",
    "OverviewOut",
    "PageAccessBatchIn",
    "PageAccessBatchOut",
    "PageAccessIn",
    "PageAccessOut",
    "PageAccessPage",
    "PageAccessSummaryOut",
    "PageAccessSummaryOutBrowserDistribution",
    "PageAccessSummaryOutDeviceDistribution",
    "PagePerformanceOut",
    "PagePerformancePage",
    "PageSectionIn",
    "PageSectionOut",
    "PageSectionPage",
    "PageSectionPatch",
    "PageViewsOut",
    "ProductActivityOut",
    "ProductActivityPage",
    "ProductStockOut",
    "ProfileOut",
    "ProfilePatch",
    "ProviderName",
    "ReadyOut",
    "RecordedMovementTypeName",
    "RefreshIn",
    "ReturnCardIn",
    "ReturnCardOut",
    "ReturnCardPage",
    "ReturnCardPatch",
    "ReturnItemObject",
    "ReturnRequestDetailOut",
    "ReturnRequestIn",
    "ReturnRequestOut",
    "ReturnRequestPage",
    "ReturnSettingsIn",
    "ReturnSettingsOut",
    "ReturnStatusChangeOut",
    "ReturnStatusName",
    "ReturnTransitionIn",
    "RoleMatrix",
    "RoleName",
    "SectionStatsOut",
    "SectionStatsPage",
    "SectionViewsOut",
    "SettingsIn",
    "SettingsOut",
    "SignupIn",
    "SignupOut",
    "StatusCountOut",
    "StockLevelOut",
    "StockLevelPage",
    "StockListResponse200",
    "StockQuantityOut",
    "StoreIn",
    "StoreOut",
    "StorePage",
    "StorePatch",
    "StoreRoleOut",
    "ThresholdsPatch",
    "TokenOut",
    "TrafficTrendOut",
    "TransferIn",
    "TransferRecorded",
    "TrendOut",
    "TypeCountOut",
    "UploadImageBody",
    "UrlPerformanceOut",
    "UrlPerformancePage",
    "UserJourneyAnalyticsOut",
    "UserJourneyIn",
    "UserJourneyOut",
    "UserJourneyPage",
    "UserJourneyPatch",
    "UserMessageOut",
    "UserOut",
    "VerifyOut",
    "WarehouseIn",
    "WarehouseOut",
    "WarehousePage",
    "WarehousePatch",
    "WarehouseStockOut",
    "WarehouseUnitsOut",
)
