const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/** Seven or more digits, possibly spaced or punctuated: phone numbers, A-numbers, case numbers. */
const LONG_NUMBER = /\+?\(?\d(?:[\s().-]*\d){6,}/g;
const WECHAT_ID = /\b(?:wxid_[A-Za-z0-9_-]+|o[A-Za-z0-9_-]{27})\b/g;

/** Contact details and long numbers a person typed are not sent to the model: they are replaced by a marker. */
export function redactContact(text: string): string {
  return text.replace(EMAIL, '[email]').replace(WECHAT_ID, '[id]').replace(LONG_NUMBER, '[number]');
}
