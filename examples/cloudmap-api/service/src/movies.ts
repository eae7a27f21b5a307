/**
 * The movies: an in-memory store, one per task. Tasks behind a Cloud Map service share nothing, so a
 * movie added through one task is not seen by the others — fine for an example, and visible in it.
 */

export interface Movie {
  readonly id: number;
  readonly title: string;
  readonly year: number;
  readonly director?: string;
}

export type NewMovie = Omit<Movie, 'id'>;

export const SEED_MOVIES: readonly NewMovie[] = [
  { title: 'The Matrix', year: 1999, director: 'Lana Wachowski, Lilly Wachowski' },
  { title: 'Spirited Away', year: 2001, director: 'Hayao Miyazaki' },
  { title: 'Arrival', year: 2016, director: 'Denis Villeneuve' },
];

export class MovieStore {
  private readonly movies = new Map<number, Movie>();
  private nextId = 1;

  constructor(seed: readonly NewMovie[] = SEED_MOVIES) {
    for (const movie of seed) this.add(movie);
  }

  list(): Movie[] {
    return [...this.movies.values()];
  }

  get(id: number): Movie | undefined {
    return this.movies.get(id);
  }

  add(movie: NewMovie): Movie {
    const created: Movie = { id: this.nextId, ...movie };
    this.nextId += 1;
    this.movies.set(created.id, created);
    return created;
  }
}
