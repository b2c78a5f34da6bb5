"use client";

import {
  type UseMutationOptions,
  type UseQueryOptions,
  useMutation,
  useQuery,
} from "@tanstack/react-query";
import {
  type AnyEndpoint,
  type ApiError,
  type ApiReadRequest,
  type ApiRequest,
  type ApiResult,
  apiKey,
  callApi,
} from "./api";

// react-query over the endpoint specs: the key comes from apiKey, the fetch from callApi and
// the types from the spec, so `useApi(modelEndpoints.get, { params: { slug } })` is the whole
// of a read.

type ReadOptions<E extends AnyEndpoint, T> = Omit<
  UseQueryOptions<ApiResult<E>, ApiError, T>,
  "queryKey" | "queryFn"
>;

/** A read through an endpoint, keyed by `apiKey(endpoint, params, query)`. */
export function useApi<E extends AnyEndpoint, T = ApiResult<E>>(
  e: E,
  req: ApiReadRequest<E>,
  options: ReadOptions<E, T> = {},
) {
  return useQuery({
    queryKey: apiKey(e, req.params, req.query),
    queryFn: ({ signal }) => callApi(e, { ...req, signal } as ApiRequest<E>),
    ...options,
  });
}

/** A write through an endpoint; `mutate({ params, body })` takes the call's inputs. */
export function useApiMutation<E extends AnyEndpoint, C = unknown>(
  e: E,
  options: Omit<UseMutationOptions<ApiResult<E>, ApiError, ApiRequest<E>, C>, "mutationFn"> = {},
) {
  return useMutation({ mutationFn: (req: ApiRequest<E>) => callApi(e, req), ...options });
}
