/**
 * Stripe.js, loaded from the URL the server gives (Stripe's own, or the local stand-in in tests),
 * once per page. Only the calls Enso makes are typed: a card element, confirming a SetupIntent
 * (saving a card) and a PaymentIntent (paying with a new card or after 3-D Secure).
 */
export interface StripeError {
  type?: string;
  code?: string;
  decline_code?: string;
  message?: string;
}

export interface StripeCardElement {
  mount(target: HTMLElement): void;
  destroy(): void;
  on(event: 'change', handler: (event: { complete: boolean; error?: StripeError }) => void): void;
}

export interface StripeJs {
  elements(options?: { locale?: string }): { create(type: 'card', options?: Record<string, unknown>): StripeCardElement };
  confirmCardSetup(
    clientSecret: string,
    data: { payment_method: { card: StripeCardElement } },
  ): Promise<{ setupIntent?: { id: string; status: string }; error?: StripeError }>;
  confirmCardPayment(
    clientSecret: string,
    data?: { payment_method: { card: StripeCardElement } | string },
  ): Promise<{ paymentIntent?: { id: string; status: string }; error?: StripeError }>;
}

type StripeFactory = (publishableKey: string, options?: { locale?: string }) => StripeJs;

declare global {
  interface Window {
    Stripe?: StripeFactory;
  }
}

const loading = new Map<string, Promise<StripeFactory>>();

export function loadStripeJs(url: string): Promise<StripeFactory> {
  if (window.Stripe) return Promise.resolve(window.Stripe);
  let pending = loading.get(url);
  if (!pending) {
    pending = new Promise<StripeFactory>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url;
      script.async = true;
      script.onload = () => (window.Stripe ? resolve(window.Stripe) : reject(new Error('Stripe.js did not load')));
      script.onerror = () => {
        loading.delete(url);
        script.remove();
        reject(new Error('Stripe.js did not load'));
      };
      document.head.appendChild(script);
    });
    loading.set(url, pending);
  }
  return pending;
}

const instances = new Map<string, StripeJs>();

/** One Stripe object per publishable key and language. */
export async function stripeFor(url: string, publishableKey: string, locale: string): Promise<StripeJs> {
  const key = `${url}|${publishableKey}|${locale}`;
  const known = instances.get(key);
  if (known) return known;
  const factory = await loadStripeJs(url);
  const stripe = factory(publishableKey, { locale });
  instances.set(key, stripe);
  return stripe;
}
