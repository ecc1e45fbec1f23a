import { HttpTransportError, type Http, type HttpRequest, type HttpResponse } from "../ports";

function toParams(request: HttpRequest): GoogleAppsScript.URL_Fetch.URLFetchRequest {
  const params: GoogleAppsScript.URL_Fetch.URLFetchRequest = {
    url: request.url,
    method: request.method,
    headers: request.headers,
    muteHttpExceptions: true,
    followRedirects: request.followRedirects ?? false,
  };
  if (request.payload !== undefined) params.payload = request.payload;
  if (request.contentType !== undefined) params.contentType = request.contentType;
  return params;
}

function lowerCaseHeaders(headers: object): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) result[name.toLowerCase()] = String(value);
  return result;
}

/** UrlFetchApp behind the Http port: always muted, so HTTP errors come back as answers. */
export const gasHttp: Http = {
  fetchAll(requests: HttpRequest[]): HttpResponse[] {
    if (requests.length === 0) return [];
    let responses: GoogleAppsScript.URL_Fetch.HTTPResponse[];
    try {
      responses = UrlFetchApp.fetchAll(requests.map(toParams));
    } catch (error) {
      throw new HttpTransportError(error instanceof Error ? error.message : String(error));
    }
    return responses.map((response) => ({
      status: response.getResponseCode(),
      body: response.getContentText(),
      headers: lowerCaseHeaders(response.getHeaders()),
    }));
  },
};
