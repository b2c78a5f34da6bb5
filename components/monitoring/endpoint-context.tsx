"use client";

import { createContext, useContext } from "react";

// What the charts of an endpoint (a model on a target, across releases) share: the releases,
// drawn as a vertical line where each version took over so a change in a series can be read
// against what changed, and the endpoint's ingestion path for the empty states.

export interface ReleaseMarker {
  /** Epoch milliseconds of the activation. */
  t: number;
  /** "v2", "v1 (rollback)". */
  label: string;
}

export interface EndpointView {
  /** `/api/v1/models/{slug}/targets/{target}`: where model servers push. */
  path: string;
  releases: ReleaseMarker[];
}

const Endpoint = createContext<EndpointView | null>(null);

export const EndpointProvider = Endpoint.Provider;

/** The endpoint of the charts below the provider (null outside an endpoint page). */
export const useEndpoint = () => useContext(Endpoint);

/** The release markers of the charts below the provider (none outside an endpoint page). */
export const useReleaseMarkers = () => useContext(Endpoint)?.releases ?? [];
