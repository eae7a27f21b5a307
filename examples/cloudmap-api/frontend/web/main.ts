/**
 * The movies page: asks its own server where the HTTP API is (/config.json), then calls the API
 * from the browser, cross-origin (the API's CORS configuration admits this page's origin). A POST
 * with a JSON body is not a "simple" request, so the browser sends a CORS preflight first.
 */
import './style.css';

interface Movie {
  readonly id: number;
  readonly title: string;
  readonly year: number;
  readonly director?: string;
}

const element = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from index.html`);
  return found as T;
};

async function apiBase(): Promise<URL> {
  const response = await fetch('/config.json');
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  const { apiUrl } = (await response.json()) as { apiUrl: string };
  return new URL(apiUrl);
}

async function json<T>(response: Response): Promise<T> {
  const body = (await response.json()) as T & { message?: string };
  if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`);
  return body;
}

function render(movies: readonly Movie[]): void {
  const list = element<HTMLUListElement>('movies');
  list.replaceChildren(
    ...movies.map((movie) => {
      const item = document.createElement('li');
      item.dataset.movieId = String(movie.id);
      // textContent, never innerHTML: titles come from the API and anyone may POST one.
      item.textContent = `${movie.title} (${movie.year})${movie.director ? ` — ${movie.director}` : ''}`;
      return item;
    }),
  );
}

async function main(): Promise<void> {
  const status = element<HTMLParagraphElement>('status');
  try {
    const api = await apiBase();
    element<HTMLSpanElement>('api-url').textContent = api.href;
    const movies = await json<Movie[]>(await fetch(new URL('movies', api)));
    render(movies);
    status.textContent = `${movies.length} movies from the HTTP API`;
    status.dataset.state = 'loaded';
    const form = element<HTMLFormElement>('add-movie');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void addMovie(api, form);
    });
  } catch (error) {
    status.textContent = `Could not load the movies: ${error instanceof Error ? error.message : String(error)}`;
    status.dataset.state = 'error';
  }
}

async function addMovie(api: URL, form: HTMLFormElement): Promise<void> {
  const result = element<HTMLParagraphElement>('add-result');
  const data = new FormData(form);
  const director = String(data.get('director') ?? '').trim();
  const movie = { title: String(data.get('title') ?? '').trim(), year: Number(data.get('year')), ...(director ? { director } : {}) };
  try {
    const created = await json<Movie>(await fetch(new URL('movies', api), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(movie) }));
    result.textContent = `Added #${created.id}: ${created.title}`;
    result.dataset.state = 'added';
    form.reset();
  } catch (error) {
    result.textContent = `Not added: ${error instanceof Error ? error.message : String(error)}`;
    result.dataset.state = 'error';
  }
}

void main();
