export * from "./api/request-view.js";
export * from "./api/schemas.js";
export { type ContactsInput, validateContacts } from "./contacts-step.js";
export { isPecDomain, validateItalianMobile, validatePersonalEmail } from "./contacts.js";
export {
  type Chamber,
  chamberSchema,
  DEVICE_TYPES,
  type DeviceType,
  deviceTypeSchema,
  findChamber,
  findProvince,
  type PriceEntry,
  type Province,
  parseRouteData,
  REQUESTER_TYPES,
  type RequesterType,
  requesterTypeSchema,
  type RouteData,
  routeData,
} from "./data.js";
export {
  type Delivery,
  type DeliveryInput,
  earliestPickupDate,
  expectedShippingDate,
  type ShippingAddress,
  type ShippingAddressInput,
  validateDelivery,
  validateShippingAddress,
} from "./delivery.js";
export {
  assertTransition,
  canTransition,
  isTerminal,
  nextStates,
  REQUEST_STATES,
  type RequestState,
  STATE_LABELS,
} from "./lifecycle.js";
export {
  assertDeviceOffered,
  availableDevices,
  DEVICE_LABELS,
  formatEuro,
  type PriceQuote,
  quotePrice,
} from "./offer.js";
export {
  assertPassphrase,
  PASSPHRASE_MAX_LENGTH,
  PASSPHRASE_MIN_LENGTH,
  type PassphraseRule,
  type PassphraseStrength,
  passphraseProblems,
  passphraseStrength,
} from "./passphrase.js";
export {
  normalizeRea,
  type ReferenceChamber,
  type RequesterInput,
  resolveReferenceChamber,
} from "./requester.js";
export {
  addCalendarDays,
  addWorkingDays,
  easterSunday,
  isItalianHoliday,
  isWorkingDay,
} from "./working-days.js";
