import type { Metadata, Viewport } from "next";
import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { NONCE_HEADER } from "@/lib/security-headers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Modelgate", template: "%s · Modelgate" },
  description: "Carry machine-learning models from trained to running in production and watched.",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8f9fb" },
    { media: "(prefers-color-scheme: dark)", color: "#0d0f13" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The request's CSP nonce (proxy.ts), for next-themes' inline script. Reading headers
  // renders every page per request, which a nonce needs anyway.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html
      lang="en"
      suppressHydrationWarning
      className={`${GeistSans.variable} ${GeistMono.variable}`}
    >
      <body className="min-h-screen font-sans antialiased">
        <Providers nonce={nonce}>{children}</Providers>
      </body>
    </html>
  );
}
